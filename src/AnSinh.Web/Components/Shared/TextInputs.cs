using Microsoft.AspNetCore.Components.Forms;

namespace AnSinh.Web.Components.Shared;

/// <summary>A date typed dd/MM/yyyy whatever the browser's language (the native picker follows the browser's).</summary>
public sealed class InputDateText : InputText
{
    protected override void OnParametersSet()
    {
        base.OnParametersSet();
        AdditionalAttributes = WithDefaults(AdditionalAttributes,
            ("placeholder", "dd/mm/yyyy"), ("inputmode", "numeric"), ("autocomplete", "off"), ("maxlength", "10"), ("data-date", "1"));
    }

    internal static Dictionary<string, object> WithDefaults(IReadOnlyDictionary<string, object>? given, params (string Key, string Value)[] defaults)
    {
        var merged = given is null ? new Dictionary<string, object>() : new Dictionary<string, object>(given);
        foreach (var (key, value) in defaults)
        {
            merged.TryAdd(key, value);
        }

        return merged;
    }
}

/// <summary>A number typed the vi-VN way ("37,5"); a text box, so the browser never drops the comma.</summary>
public sealed class InputDecimalText : InputText
{
    protected override void OnParametersSet()
    {
        base.OnParametersSet();
        AdditionalAttributes = InputDateText.WithDefaults(AdditionalAttributes, ("inputmode", "decimal"), ("autocomplete", "off"));
    }
}

/// <summary>A whole number (capacity, quantity, percent).</summary>
public sealed class InputIntText : InputText
{
    protected override void OnParametersSet()
    {
        base.OnParametersSet();
        AdditionalAttributes = InputDateText.WithDefaults(AdditionalAttributes, ("inputmode", "numeric"), ("autocomplete", "off"));
    }
}
