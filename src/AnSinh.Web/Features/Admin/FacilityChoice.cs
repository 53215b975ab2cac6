using AnSinh.Data;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Admin;

/// <summary>A facility an account can be given, for the administrators' drop-downs.</summary>
public sealed record FacilityChoice(int Id, string Name)
{
    public static Task<List<FacilityChoice>> AllAsync(AnSinhDbContext db) =>
        db.Facilities.AsNoTracking().OrderBy(f => f.Name).Select(f => new FacilityChoice(f.Id, f.Name)).ToListAsync();
}
