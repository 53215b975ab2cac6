using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AnSinh.Domain.Audit;

/// <summary>
/// The audit trail's tamper evidence: each sealed row carries the SHA-256 of the previous row's hash and its own
/// content, so changing or deleting a sealed row breaks every link after it. Rows are sealed in the order they are
/// found committed (their <see cref="AuditEvent.ChainIndex"/>), not in id order, because ids are handed out before
/// commit and a slow transaction can commit a lower id later.
/// </summary>
public static class AuditChain
{
    /// <summary>What the first row's hash is chained to.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string HashOf(string previousHash, AuditEvent e)
    {
        var content = Canonical(e);
        var bytes = Encoding.UTF8.GetBytes(previousHash + "\n" + content);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>Every field but the seal, each prefixed with its length so that no two rows read alike.</summary>
    public static string Canonical(AuditEvent e)
    {
        var text = new StringBuilder();
        void Field(string? value) => text.Append(value is null ? "-1:" : $"{value.Length.ToString(CultureInfo.InvariantCulture)}:{value}").Append('|');
        Field(e.Id.ToString(CultureInfo.InvariantCulture));
        Field(e.ChainIndex?.ToString(CultureInfo.InvariantCulture));
        // Microseconds: what PostgreSQL keeps of a timestamp.
        Field((e.At.UtcTicks / 10).ToString(CultureInfo.InvariantCulture));
        Field(e.UserId);
        Field(e.UserName);
        Field(e.Action);
        Field(e.BeneficiaryId?.ToString(CultureInfo.InvariantCulture));
        Field(e.EntityType);
        Field(e.EntityId);
        Field(e.IpAddress);
        Field(e.Detail);
        return text.ToString();
    }

    public abstract record Finding;

    /// <summary>Every sealed row links to the one before.</summary>
    public sealed record Intact(long Rows, string Head) : Finding;

    /// <summary>The first sealed row whose hash does not match: it, or a row before it, was changed or removed.</summary>
    public sealed record Broken(long ChainIndex, long EventId, string Reason) : Finding;

    /// <summary>Walks sealed rows in chain order and returns the first broken link, or the head hash.</summary>
    public static Finding Verify(IEnumerable<AuditEvent> sealedInChainOrder)
    {
        var walker = new Walker();
        foreach (var e in sealedInChainOrder)
        {
            if (walker.Add(e) is { } broken)
            {
                return broken;
            }
        }

        return walker.Result;
    }

    /// <summary>Checks one row at a time, so a long trail is verified as it is read.</summary>
    public sealed class Walker
    {
        private string _previous = Genesis;
        private long _expected = 1;

        public Intact Result => new(_expected - 1, _previous);

        public Broken? Add(AuditEvent e)
        {
            if (e.ChainIndex != _expected)
            {
                return new Broken(_expected, e.Id, $"thiếu vị trí {_expected} trong chuỗi (dòng đã bị xóa); dòng tiếp theo là id {e.Id}");
            }

            if (!string.Equals(HashOf(_previous, e), e.Hash, StringComparison.Ordinal))
            {
                return new Broken(_expected, e.Id, $"mã băm không khớp: dòng id {e.Id} đã bị sửa, hoặc dòng trước nó bị thay");
            }

            _previous = e.Hash!;
            _expected++;
            return null;
        }
    }
}
