using System.Reflection;
using AnSinh.Web.Components.Shared;

namespace AnSinh.Web.Tests;

/// <summary>Issue #8, item 4: every coded value a user reads has its own Vietnamese label, never the code itself.</summary>
public sealed class LabelsTests
{
    public static TheoryData<Type> LabelledEnums()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(Labels).GetMethods(BindingFlags.Public | BindingFlags.Static)
                     .Where(m => m.Name == nameof(Labels.Of) && m.GetParameters().Length == 1 && m.GetParameters()[0].ParameterType.IsEnum)
                     .Select(m => m.GetParameters()[0].ParameterType))
        {
            data.Add(type);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LabelledEnums))]
    public void Each_value_has_a_distinct_vietnamese_label(Type enumType)
    {
        var method = typeof(Labels).GetMethod(nameof(Labels.Of), [enumType])!;
        var labels = Enum.GetValues(enumType).Cast<object>().ToDictionary(v => v.ToString()!, v => (string)method.Invoke(null, [v])!);
        Assert.All(labels, l => Assert.False(string.IsNullOrWhiteSpace(l.Value) || l.Value == l.Key, $"{enumType.Name}.{l.Key} has no label"));
        Assert.Equal(labels.Count, labels.Values.Distinct().Count());
    }

    [Fact]
    public void Every_labelled_enum_is_covered() =>
        Assert.True(LabelledEnums().Count >= 12, "expected the labels of stays, encounters, categories, facilities, staff, plans and entitlements");
}

/// <summary>The English resources: resource names are compared without case, so two keys differing only in case lose one translation.</summary>
public sealed class EnglishResourceTests
{
    [Fact]
    public void No_two_keys_differ_only_in_case()
    {
        var root = TestPaths.RepositoryRoot();

        var resx = System.Xml.Linq.XDocument.Load(Path.Combine(root.FullName, "src", "AnSinh.Web", "Resources", "SharedResource.en.resx"));
        var clashes = resx.Root!.Elements("data").Select(d => (string)d.Attribute("name")!)
            .GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)).ToList();
        Assert.True(clashes.Count == 0, "Keys that differ only in case: " + string.Join("; ", clashes));
    }
}
