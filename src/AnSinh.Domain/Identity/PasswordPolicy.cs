using System.Globalization;

namespace AnSinh.Domain.Identity;

/// <summary>
/// What a new password must be (NIST SP 800-63B, section 5.1.1.2): long enough, not one of the passwords attackers
/// try first, not the account's own name — and no composition rules (no "one digit, one capital"), which make
/// passwords harder to remember and no harder to guess.
/// </summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 12;

    /// <summary>Long passphrases are welcome; the bound only keeps hashing cheap.</summary>
    public const int MaximumLength = 128;

    /// <summary>The problems of a proposed password, in Vietnamese; none means it is acceptable.</summary>
    public static IReadOnlyList<string> Problems(string password, string? userName, ICommonPasswords common)
    {
        var problems = new List<string>();
        // Counted in characters as people see them: "ệ" is one, whatever its encoding.
        var length = new StringInfo(password.Normalize(System.Text.NormalizationForm.FormC)).LengthInTextElements;
        if (length < MinimumLength)
        {
            problems.Add($"Mật khẩu cần ít nhất {MinimumLength} ký tự. Một câu dễ nhớ gồm vài từ là mật khẩu tốt.");
        }

        if (length > MaximumLength)
        {
            problems.Add($"Mật khẩu dài tối đa {MaximumLength} ký tự.");
        }

        if (password.Any(char.IsControl))
        {
            problems.Add("Mật khẩu không được chứa ký tự điều khiển.");
        }

        if (IsCommon(password, common))
        {
            problems.Add("Mật khẩu này nằm trong danh sách mật khẩu phổ biến mà kẻ tấn công thử đầu tiên. Hãy chọn mật khẩu khác.");
        }
        else if (password.Distinct().Count() <= 2 || IsSequence(password))
        {
            problems.Add("Mật khẩu chỉ là một dãy ký tự lặp lại hoặc liên tiếp. Hãy chọn mật khẩu khác.");
        }

        if (!string.IsNullOrWhiteSpace(userName) && password.Contains(userName.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("Mật khẩu không được chứa tên đăng nhập.");
        }

        return problems;
    }

    private static readonly char[] Decorations = "0123456789!@#$%^&*()_+-=.,?~ ".ToCharArray();

    /// <summary>
    /// A listed password, also when it is only dressed up with digits or symbols at either end ("iloveyou2026",
    /// "@password1234") — the first variations a guesser tries. The list's entries are mostly shorter than the
    /// minimum length, so the bare match alone would rarely refuse anything.
    /// </summary>
    private static bool IsCommon(string password, ICommonPasswords common)
    {
        if (common.Contains(password))
        {
            return true;
        }

        var core = password.Trim(Decorations);
        return core.Length >= 4 && core.Length < password.Length && common.Contains(core);
    }

    /// <summary>"abcdefghijkl", "123456789012", "987654321098": every character one after (or before) the last.</summary>
    private static bool IsSequence(string password)
    {
        bool Runs(int step)
        {
            for (var i = 1; i < password.Length; i++)
            {
                var diff = password[i] - password[i - 1];
                if (diff != step && !(char.IsDigit(password[i]) && char.IsDigit(password[i - 1]) && diff == -9 * step))
                {
                    return false;
                }
            }

            return true;
        }

        return password.Length > 1 && (Runs(1) || Runs(-1));
    }
}

/// <summary>A list of commonly used passwords; a password matches whatever its letter case.</summary>
public interface ICommonPasswords
{
    bool Contains(string password);
}

public sealed class CommonPasswordList : ICommonPasswords
{
    private readonly HashSet<string> _passwords;

    public CommonPasswordList(IEnumerable<string> passwords) =>
        _passwords = new HashSet<string>(passwords.Where(p => p.Length > 0), StringComparer.OrdinalIgnoreCase);

    public int Count => _passwords.Count;

    public bool Contains(string password) => _passwords.Contains(password);

    /// <summary>One password a line (blank lines skipped).</summary>
    public static CommonPasswordList Read(string path) => new(File.ReadLines(path).Select(l => l.TrimEnd('\r')));
}
