using AnSinh.Domain.Audit;

namespace AnSinh.Domain.Tests;

public sealed class AuditChainTests
{
    private static List<AuditEvent> Sealed(int count)
    {
        var rows = new List<AuditEvent>();
        var previous = AuditChain.Genesis;
        for (var i = 1; i <= count; i++)
        {
            var row = new AuditEvent
            {
                Id = 100 + i, At = new DateTimeOffset(2026, 11, 27, 8, 0, i, TimeSpan.Zero), UserId = "u1", UserName = "demo.clinician",
                Action = "record.read", BeneficiaryId = 7, EntityType = "Beneficiary", EntityId = "7", IpAddress = "10.0.0.1", ChainIndex = i,
            };
            row.Hash = AuditChain.HashOf(previous, row);
            previous = row.Hash;
            rows.Add(row);
        }

        return rows;
    }

    [Fact]
    public void An_untouched_chain_is_intact_and_names_its_head()
    {
        var rows = Sealed(5);
        var intact = Assert.IsType<AuditChain.Intact>(AuditChain.Verify(rows));
        Assert.Equal(5, intact.Rows);
        Assert.Equal(rows[^1].Hash, intact.Head);
    }

    [Fact]
    public void A_changed_row_is_named()
    {
        var rows = Sealed(5);
        rows[2].Detail = "đã sửa";
        var broken = Assert.IsType<AuditChain.Broken>(AuditChain.Verify(rows));
        Assert.Equal(103, broken.EventId);
        Assert.Equal(3, broken.ChainIndex);
    }

    [Fact]
    public void A_deleted_row_is_found_where_it_was()
    {
        var rows = Sealed(5);
        rows.RemoveAt(1);
        var broken = Assert.IsType<AuditChain.Broken>(AuditChain.Verify(rows));
        Assert.Equal(2, broken.ChainIndex);
        Assert.Contains("bị xóa", broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_rewritten_with_a_fresh_hash_still_breaks_the_next_link()
    {
        var rows = Sealed(4);
        rows[1].UserName = "người khác";
        rows[1].Hash = AuditChain.HashOf(rows[0].Hash!, rows[1]); // the forger recomputes this row's hash…
        var broken = Assert.IsType<AuditChain.Broken>(AuditChain.Verify(rows));
        Assert.Equal(rows[2].Id, broken.EventId); // …but the next row was chained to the old one
    }

    [Fact]
    public void Empty_and_missing_values_read_differently()
    {
        var a = new AuditEvent { Id = 1, Action = "x", Detail = null };
        var b = new AuditEvent { Id = 1, Action = "x", Detail = "" };
        Assert.NotEqual(AuditChain.Canonical(a), AuditChain.Canonical(b));
        var c = new AuditEvent { Id = 1, Action = "x", UserName = "a|b", Detail = "c" };
        var d = new AuditEvent { Id = 1, Action = "x", UserName = "a", Detail = "b|c" };
        Assert.NotEqual(AuditChain.Canonical(c), AuditChain.Canonical(d));
    }
}
