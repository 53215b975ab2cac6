using AnSinh.Data;
using AnSinh.Domain.HealthRecords;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// The readings and problems a FHIR client may read, in SQL: those of people in the caller's scope; for a facility the
/// person has left, those recorded there or dated before the person was taken in elsewhere (the chart's rule), so a
/// search stays one query however many people it spans.
/// </summary>
public sealed class ClinicalScope(AnSinhDbContext db, AccessScope scope, CurrentUser user, AuditLog audit)
{
    public async Task<IQueryable<Observation>> ObservationsAsync(CancellationToken ct)
    {
        var people = (await scope.BeneficiariesAsync(ct)).Select(b => b.Id);
        var observations = db.Observations.AsNoTracking().Where(o => people.Contains(o.BeneficiaryId));
        if (user.ScopeKind != ScopeKind.Facility)
        {
            return observations;
        }

        var own = (await scope.ResolveAsync(ct)).FacilityIds;
        return observations.Where(o =>
            db.Encounters.Any(e => e.Id == o.EncounterId && own.Contains(e.FacilityId))
            || !db.Stays.Any(s => s.BeneficiaryId == o.BeneficiaryId && s.DischargedOn == null && !own.Contains(s.FacilityId) && s.AdmittedOn <= o.Date));
    }

    public async Task<IQueryable<Condition>> ConditionsAsync(CancellationToken ct)
    {
        var people = (await scope.BeneficiariesAsync(ct)).Select(b => b.Id);
        var conditions = db.Conditions.AsNoTracking().Where(c => people.Contains(c.BeneficiaryId));
        if (user.ScopeKind != ScopeKind.Facility)
        {
            return conditions;
        }

        var own = (await scope.ResolveAsync(ct)).FacilityIds;
        return conditions.Where(c =>
            db.Encounters.Any(e => e.Id == c.EncounterId && own.Contains(e.FacilityId))
            || !db.Stays.Any(s => s.BeneficiaryId == c.BeneficiaryId && s.DischargedOn == null && !own.Contains(s.FacilityId) && s.AdmittedOn <= c.OnsetDate));
    }

    public async Task<IQueryable<Encounter>> EncountersAsync(CancellationToken ct)
    {
        var people = (await scope.BeneficiariesAsync(ct)).Select(b => b.Id);
        var encounters = db.Encounters.AsNoTracking().Where(e => people.Contains(e.BeneficiaryId));
        if (user.ScopeKind != ScopeKind.Facility)
        {
            return encounters;
        }

        var own = (await scope.ResolveAsync(ct)).FacilityIds;
        return encounters.Where(e => own.Contains(e.FacilityId)
            || !db.Stays.Any(s => s.BeneficiaryId == e.BeneficiaryId && s.DischargedOn == null && !own.Contains(s.FacilityId) && s.AdmittedOn <= e.Date));
    }

    /// <summary>A FHIR search's audit: the search (what was asked, which page, how many) and a read event per person shown, one save.</summary>
    public Task AuditSearchAsync(HttpContext http, string type, int offset, int count, int shown, int total, IEnumerable<int> people, CancellationToken ct)
    {
        audit.AddSearch($"fhir:{type}?" + http.Request.QueryString.Value?.TrimStart('?'), offset / Math.Max(count, 1) + 1, shown, total);
        return AuditReadAsync(people, $"fhir:{type} search", ct);
    }

    /// <summary>One read event per person whose records a FHIR answer showed, saved together.</summary>
    public async Task AuditReadAsync(IEnumerable<int> people, string view, CancellationToken ct)
    {
        foreach (var person in people.Distinct())
        {
            audit.Add(AuditActions.ReadRecord, person, "Beneficiary", person.ToString(System.Globalization.CultureInfo.InvariantCulture), $"view={view}");
        }

        await db.SaveChangesAsync(ct);
    }
}
