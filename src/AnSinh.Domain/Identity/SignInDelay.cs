namespace AnSinh.Domain.Identity;

/// <summary>
/// How long an account (known or not) must wait before its next password attempt: nothing for the first
/// <see cref="FreeAttempts"/> failures, then 1, 2, 4 … seconds, at most <see cref="Longest"/>. A progressive delay
/// slows a guesser to a few hundred tries a day without letting anyone lock a colleague out for long.
/// </summary>
public static class SignInDelay
{
    public const int FreeAttempts = 5;
    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(15);

    public static TimeSpan After(int failures)
    {
        if (failures < FreeAttempts)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(failures - FreeAttempts, 20);
        var seconds = Math.Pow(2, doublings);
        return TimeSpan.FromSeconds(Math.Min(seconds, Longest.TotalSeconds));
    }
}
