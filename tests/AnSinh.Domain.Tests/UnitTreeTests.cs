using AnSinh.Domain.Geography;

namespace AnSinh.Domain.Tests;

/// <summary>One tree, one succession rule: what a figure counts (territory) always lies inside what its officer sees (covered).</summary>
public sealed class UnitTreeTests
{
    private static readonly DateOnly End = new(2025, 6, 30);
    private static readonly DateOnly Start = new(2025, 7, 1);

    // Before: old province 1 > district 10 > communes 100, 101; old province 2 > district 20 > commune 200.
    // After: new province 3 (successor of 1 and 2) > communes 300 (100 whole, 101 in part), 301 (101 in part, 200 whole).
    private static UnitTree Tree() => new(
        [
            new(1, null, AdminLevel.Province, null, End), new(10, 1, AdminLevel.District, null, End),
            new(100, 10, AdminLevel.Commune, null, End), new(101, 10, AdminLevel.Commune, null, End),
            new(2, null, AdminLevel.Province, null, End), new(20, 2, AdminLevel.District, null, End), new(200, 20, AdminLevel.Commune, null, End),
            new(3, null, AdminLevel.Province, Start, null), new(300, 3, AdminLevel.Commune, Start, null), new(301, 3, AdminLevel.Commune, Start, null),
        ],
        [(1, 3), (2, 3), (100, 300), (101, 300), (101, 301), (200, 301)]);

    [Fact]
    public void A_former_province_counts_its_communes_and_their_successors()
    {
        Assert.Equal([100, 101, 300, 301], Tree().Territory(1).Order());
        Assert.Equal([10, 100, 101], Tree().Descendants(10).Order());
    }

    [Fact]
    public void A_new_province_counts_its_communes_and_their_predecessors()
    {
        Assert.Equal([100, 101, 200, 300, 301], Tree().Territory(3).Order());
        Assert.Equal([100, 101, 300], Tree().Territory(300).Order());
    }

    [Fact]
    public void What_an_officer_sees_holds_every_commune_a_figure_counts()
    {
        var tree = Tree();
        foreach (var id in new[] { 1, 2, 3, 10, 20, 100, 101, 200, 300, 301 })
        {
            Assert.True(tree.Territory(id).IsSubsetOf(tree.Covered(id)), $"unit {id}");
        }

        // The new province's officer also sees the former provinces and their districts.
        Assert.Equal([1, 2, 3, 10, 20, 100, 101, 200, 300, 301], tree.Covered(3).Order());
        // A former province's officer sees its successors' communes that hold its people, not the whole new province.
        Assert.DoesNotContain(3, tree.Covered(1));
        Assert.Contains(301, tree.Covered(1));
    }
}
