using AnSinh.Data;
using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Interop;
using AnSinh.Web.Auth;
using AnSinh.Web.Features.ReferenceData;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// Writes one export's NDJSON files (a resource per line), a few hundred people at a time so that neither the
/// database nor memory holds the whole population at once; each person exported is audited as a read.
/// </summary>
public static class BulkExportWriter
{
    public sealed record OutputFile(string Type, string File, int Count);

    private const int Chunk = 500;
    private static readonly IFhirSerializationEngine Engine = FhirSerializationEngineFactory.Strict(R4.ModelInfo.ModelInspector);

    /// <summary>The people a Group names within the caller's scope: a facility's (registered or with a stay there), or an area's.</summary>
    public static async Task<IQueryable<Beneficiary>?> GroupAsync(string groupId, AccessScope scope, AnSinhDbContext db, CancellationToken ct)
    {
        var visible = await scope.BeneficiariesAsync(ct);
        if (int.TryParse(groupId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var facility))
        {
            return await scope.FacilityExistsAndVisibleAsync(facility, ct)
                ? visible.Where(b => b.RegisteredFacilityId == facility || b.Stays.Any(s => s.FacilityId == facility))
                : null;
        }

        if (groupId.StartsWith("unit-", StringComparison.Ordinal))
        {
            var code = groupId["unit-".Length..];
            var unit = await db.AdminUnits.AsNoTracking().Where(u => u.Code == code && u.ValidTo == null).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);
            if (unit is not { } unitId || !await scope.CanAccessUnitAsync(unitId, ct))
            {
                return null;
            }

            var facilities = await scope.FacilityIdsInUnitAsync(unitId, ct);
            var units = await scope.CoveredUnitIdsAsync(unitId, ct);
            return visible.Where(b => (b.RegisteredFacilityId != null && facilities.Contains(b.RegisteredFacilityId.Value))
                                      || b.Stays.Any(s => facilities.Contains(s.FacilityId))
                                      || (b.AddressUnitId != null && units.Contains(b.AddressUnitId.Value)));
        }

        return null;
    }

    public static async Task<List<OutputFile>> WriteAsync(IServiceProvider services, BulkExport job, string folder, Func<string, Task> progress,
        CancellationToken ct)
    {
        var db = services.GetRequiredService<AnSinhDbContext>();
        var scope = services.GetRequiredService<AccessScope>();
        var clinical = services.GetRequiredService<ClinicalScope>();
        var codes = services.GetRequiredService<CodeCatalog>();
        var types = job.Types.Split(',').ToHashSet();
        var people = job.GroupId is { } group ? await GroupAsync(group, scope, db, ct) ?? db.Beneficiaries.Where(b => false) : await scope.BeneficiariesAsync(ct);
        var ids = await people.OrderBy(b => b.Id).Select(b => b.Id).ToListAsync(ct);
        var files = new List<OutputFile>();
        var writers = new Dictionary<string, (StreamWriter Writer, int Count)>();

        async Task WriteLinesAsync(string type, IEnumerable<R4.Resource> resources)
        {
            if (!writers.TryGetValue(type, out var entry))
            {
                entry = (new StreamWriter(Path.Combine(folder, $"{type}.ndjson"), append: false, new System.Text.UTF8Encoding(false)), 0);
            }

            foreach (var resource in resources)
            {
                await entry.Writer.WriteAsync(Engine.SerializeToJson(resource).ReplaceLineEndings(""));
                await entry.Writer.WriteAsync('\n');
                entry.Count++;
            }

            writers[type] = entry;
        }

        try
        {
            if (types.Contains("Organization"))
            {
                var facilities = job.GroupId is { } g && int.TryParse(g, out var facility)
                    ? await OrganizationMapping.QueryAsync(await scope.FacilitiesAsync(ct), f => f.Id == facility, ct)
                    : await OrganizationMapping.QueryAsync(await scope.FacilitiesAsync(ct), _ => true, ct);
                await WriteLinesAsync("Organization", facilities.Select(OrganizationMapping.ToFhir));
            }

            var observations = await clinical.ObservationsAsync(ct);
            var conditions = await clinical.ConditionsAsync(ct);
            if (job.Since is { } since)
            {
                observations = observations.Where(o => o.RecordedAt >= since || (o.RecordedAt == null && db.Encounters.Any(e => e.Id == o.EncounterId && e.RecordedAt >= since)));
                conditions = conditions.Where(c => c.LastChangedAt >= since);
            }

            for (var start = 0; start < ids.Count; start += Chunk)
            {
                var chunk = ids.GetRange(start, Math.Min(Chunk, ids.Count - start));
                if (types.Contains("Patient"))
                {
                    // _since: a person whose own record changed since (registered or edited); their new visits come as Observations.
                    var changed = db.Beneficiaries.Where(b => chunk.Contains(b.Id));
                    if (job.Since is { } changedSince)
                    {
                        changed = changed.Where(b => (b.UpdatedAt ?? b.CreatedAt) >= changedSince);
                    }

                    await WriteLinesAsync("Patient", await FhirApi.PatientsAsync(changed.OrderBy(b => b.Id), codes, ct));
                }

                if (types.Contains("Observation"))
                {
                    await WriteLinesAsync("Observation", await ObservationResources.ToFhirAsync(db, observations.Where(o => chunk.Contains(o.BeneficiaryId)), codes, ct));
                }

                if (types.Contains("Condition"))
                {
                    await WriteLinesAsync("Condition", await ConditionResources.ToFhirAsync(conditions.Where(c => chunk.Contains(c.BeneficiaryId)), ct));
                }

                await clinical.AuditReadAsync(chunk, $"fhir:$export {job.Id:N}", ct);
                await progress($"{Math.Min(start + Chunk, ids.Count)}/{ids.Count} patients");
            }
        }
        finally
        {
            foreach (var (type, (writer, count)) in writers)
            {
                await writer.DisposeAsync();
                files.Add(new OutputFile(type, $"{type}.ndjson", count));
            }
        }

        // An empty type has no file, as the Bulk Data IG allows.
        return files.Where(f => f.Count > 0).OrderBy(f => f.Type, StringComparer.Ordinal).ToList();
    }
}
