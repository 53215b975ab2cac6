namespace AnSinh.Domain.Text;

/// <summary>Rules for text a person types into a note or reason, wherever it arrives from (a page, the API, FHIR).</summary>
public static class FreeText
{
    /// <summary>
    /// A NUL or other control character (line breaks and tabs allowed), or a bidirectional override that makes text read
    /// other than it is stored (U+202A–U+202E, U+2066–U+2069): PostgreSQL refuses NUL in text, and none has a place in a
    /// clinical note. The JSON API refuses control characters as it reads; pages and FHIR bodies reach the rules directly.
    /// </summary>
    public static bool HasControlCharacters(string? text) =>
        text?.Any(c => (char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069') == true;
}
