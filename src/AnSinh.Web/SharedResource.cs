namespace AnSinh.Web;

/// <summary>
/// Marker for the UI strings. Keys are the Vietnamese text itself (the first language);
/// Resources/SharedResource.en.resx holds the English.
/// </summary>
public sealed class SharedResource;
