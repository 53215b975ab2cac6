using AnSinh.Web.Auth;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Imports;

/// <summary>
/// The people rows name by CCCD or by record number (visits, stays), found among those the uploader may see: one query
/// per batch. Keys are "cccd:…" and "id:…", as <see cref="Key"/> makes them.
/// </summary>
public static class ImportPeople
{
    /// <param name="FacilityId">Where the person is cared for: the open stay's facility, else the registering one.</param>
    /// <param name="LeftOn">Set when the uploader's facility is one the person left: its record is read-only to it.</param>
    public sealed record Person(int Id, DateOnly BirthDate, int? FacilityId, DateOnly? LeftOn);

    public static string Key(string? nationalId, int? personId) =>
        nationalId is { } id ? "cccd:" + id : "id:" + personId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<Dictionary<string, Person>> FindAsync(AccessScope scope, IEnumerable<(string? NationalId, int? PersonId)> named, CancellationToken ct)
    {
        var list = named.ToList();
        var nationalIds = list.Select(n => n.NationalId).OfType<string>().Distinct().ToList();
        var ids = list.Where(n => n.NationalId is null && n.PersonId is not null).Select(n => n.PersonId!.Value).Distinct().ToList();
        var rows = await (await scope.BeneficiariesAsync(ct)).AsNoTracking()
            .Where(b => (b.NationalId != null && nationalIds.Contains(b.NationalId)) || ids.Contains(b.Id))
            .Select(b => new
            {
                b.Id, b.NationalId, b.BirthDate, b.RegisteredFacilityId,
                Stays = b.Stays.Select(s => new AnSinh.Domain.Stays.StaySpan(s.FacilityId, s.AdmittedOn, s.DischargedOn)).ToList(),
            })
            .ToListAsync(ct);
        var people = new Dictionary<string, Person>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            var current = r.Stays.Where(s => s.DischargedOn == null).OrderByDescending(s => s.AdmittedOn).Select(s => (int?)s.FacilityId).FirstOrDefault();
            // The custody rule of the record pages, from the stays just read: no query per row.
            var left = scope.CustodyOf(r.RegisteredFacilityId, r.Stays) is { Kind: AnSinh.Domain.Stays.CustodyKind.Former, LeftOn: { } day } ? day : (DateOnly?)null;
            var person = new Person(r.Id, r.BirthDate, current ?? r.RegisteredFacilityId, left);
            people[Key(null, r.Id)] = person;
            if (r.NationalId is { } nid)
            {
                people[Key(nid, null)] = person;
            }
        }

        return people;
    }

    /// <summary>The row's error when the person named is not found, or named twice differently; null when found.</summary>
    public static ImportError? Missing(int line, string? nationalId, int? personId, Dictionary<string, Person> people, IReadOnlyDictionary<string, string> header)
    {
        if (!people.TryGetValue(Key(nationalId, personId), out var person))
        {
            return nationalId is not null
                ? new ImportError(line, header["nationalId"], $"không có đối tượng CCCD {nationalId} trong phạm vi của bạn.")
                : new ImportError(line, header["person"], $"không có hồ sơ mã {personId} trong phạm vi của bạn.");
        }

        return nationalId is not null && personId is { } id && id != person.Id
            ? new ImportError(line, header["person"], $"mã hồ sơ {id} không phải của người có CCCD {nationalId} (mã {person.Id}).")
            : null;
    }
}
