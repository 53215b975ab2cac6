namespace AnSinh.Web.Infrastructure;

/// <summary>Where programs, not people, call: /api and /fhir answer with a status code and a body, never a redirect to a page.</summary>
public static class MachinePaths
{
    public static bool IsFhir(PathString path) => path.StartsWithSegments("/fhir", StringComparison.OrdinalIgnoreCase);

    public static bool Contains(PathString path) => path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || IsFhir(path);
}
