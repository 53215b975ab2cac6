using AnSinh.Data;
using AnSinh.Domain.Geography;
using AnSinh.Domain.Text;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.ReferenceData;

public sealed record AdminUnitItem(int Id, string Code, string Name, AdminLevel Level, string? ProvinceCode, DateOnly? ValidFrom, DateOnly? ValidTo,
    int? ParentId, IReadOnlyList<string> SuccessorCodes);

public static class ReferenceDataApi
{
    public static RouteGroupBuilder MapReferenceDataApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/reference").WithTags("Reference data");
        group.MapGet("/icd10", async (string? q, int? take, CodeCatalog catalog, CancellationToken ct) =>
                Results.Ok(await catalog.SearchIcdAsync(q, take ?? 20, ct)))
            .WithName("SearchIcd10")
            .WithSummary("ICD-10 codes by code prefix or Vietnamese name (diacritics optional).");
        group.MapGet("/code-lists/{list}", async (string list, CodeCatalog catalog, CancellationToken ct) =>
                (await catalog.ListsAsync(ct)).TryGetValue(list, out var items)
                    ? Results.Ok(items)
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound,
                        title: $"Không có danh mục \"{list}\". Các danh mục: {string.Join(", ", AnSinh.Domain.Beneficiaries.CodeLists.All)}."))
            .WithName("CodeList")
            .WithSummary("A coded list: ethnic-group (54, GSO), meritorious-type (Pháp lệnh 02/2020, Điều 3), disability-type and disability-severity (Luật Người khuyết tật, Điều 3), social-assistance (Nghị định 20/2021, Điều 5).");
        group.MapGet("/observation-codes", async (CodeCatalog catalog, CancellationToken ct) => Results.Ok(await catalog.ObservationCodesAsync(ct)))
            .WithName("ObservationCodes");
        group.MapGet("/admin-units", async (string? q, AdminLevel? level, DateOnly? asOf, string? code, AnSinhDbContext db, CancellationToken ct) =>
                Results.Ok(await SearchUnitsAsync(db, q, level, asOf, code, ct)))
            .WithName("SearchAdminUnits")
            .WithSummary("Administrative units by name or code, as they stood on a date (asOf).");
        return api;
    }

    public static async Task<IReadOnlyList<AdminUnitItem>> SearchUnitsAsync(AnSinhDbContext db, string? q, AdminLevel? level, DateOnly? asOf,
        string? code, CancellationToken ct)
    {
        var query = db.AdminUnits.AsNoTracking();
        if (level is not null)
        {
            query = query.Where(u => u.Level == level);
        }

        if (asOf is { } d)
        {
            query = query.Where(AdminUnit.ValidOn(d));
        }

        if (!string.IsNullOrWhiteSpace(code))
        {
            query = query.Where(u => u.Code == code.Trim());
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var folded = VietnameseText.Fold(q);
            query = query.Where(u => u.SearchName.Contains(folded));
        }

        return await query.OrderBy(u => u.Level).ThenBy(u => u.Name).Take(50)
            .Select(u => new AdminUnitItem(u.Id, u.Code, u.Name, u.Level, u.ProvinceCode, u.ValidFrom, u.ValidTo, u.ParentId,
                u.Successors.Select(s => s.Successor!.Code).ToList()))
            .ToListAsync(ct);
    }
}
