using System.Text.Json;
using System.Text.Json.Serialization;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.Geography;
using AnSinh.Domain.Indicators;
using AnSinh.Domain.Plans;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Data.ReferenceData;

/// <summary>Loads the seed plans and the readiness checklists from data/reference.</summary>
public static class MonitoringReferenceLoader
{
    public const string PlansDataSet = "plans";
    public const string ChecklistDataSet = "readiness-checklists";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private sealed record PlansFile(List<PlanDto> Plans);

    private sealed record PlanDto(string Code, string Issuer, string IssuerUnitCode, AdminLevel IssuerUnitLevel, DateOnly IssuerUnitValidOn,
        string? Number, DateOnly? IssuedOn, string Title, List<int[]> Phases, List<FacilityType> FacilityTypes, bool PublicOnly,
        bool IncludeCommunity, string? ReportDue, List<TargetDto> Targets, List<TaskDto> Tasks);

    private sealed record TargetDto(string Indicator, int PhaseEndYear, string Comparator, decimal Value, decimal? ThresholdX,
        List<FacilityType>? FacilityTypes, string? Source);

    private sealed record TaskDto(string Agency, string Duty);

    private sealed record ChecklistDto(string Version, DateOnly ValidFrom, string Title, List<CriterionDto> Criteria);

    private sealed record CriterionDto(string Code, string Text, bool Mandatory, CriterionSource Source);

    public static async Task<int> LoadPlansAsync(AnSinhDbContext db, string path, string version, CancellationToken ct = default)
    {
        var file = JsonSerializer.Deserialize<PlansFile>(await File.ReadAllTextAsync(path, ct), Json)
            ?? throw new InvalidDataException($"{path}: empty plans file");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var dto in file.Plans)
        {
            var issuer = await db.AdminUnits
                .Where(u => u.Code == dto.IssuerUnitCode && u.Level == dto.IssuerUnitLevel).Where(AnSinh.Domain.Geography.AdminUnit.ValidOn(dto.IssuerUnitValidOn))
                .Select(u => (int?)u.Id).FirstOrDefaultAsync(ct)
                ?? throw new InvalidDataException($"Plan {dto.Code}: no unit {dto.IssuerUnitCode} on {dto.IssuerUnitValidOn}");
            var plan = await db.Plans.Include(p => p.Phases).Include(p => p.Targets).Include(p => p.Tasks).AsSplitQuery()
                .FirstOrDefaultAsync(p => p.Code == dto.Code, ct);
            if (plan is null)
            {
                plan = new Plan { Code = dto.Code, Issuer = dto.Issuer, Title = dto.Title };
                db.Plans.Add(plan);
            }

            plan.IssuerUnitId = issuer;
            plan.Issuer = dto.Issuer;
            plan.Number = dto.Number;
            plan.IssuedOn = dto.IssuedOn;
            plan.Title = dto.Title;
            plan.FacilityTypes = string.Join(',', dto.FacilityTypes);
            plan.PublicOnly = dto.PublicOnly;
            plan.IncludeCommunity = dto.IncludeCommunity;
            plan.ReportDue = dto.ReportDue;
            // Phases and targets are the plan's text: replaced with the file. Tasks carry officers' progress: only added.
            db.PlanPhases.RemoveRange(plan.Phases);
            db.PlanTargets.RemoveRange(plan.Targets);
            plan.Phases = dto.Phases.Select(p => new PlanPhase { StartYear = p[0], EndYear = p[1] }).ToList();
            plan.Targets = dto.Targets.Select(t => new PlanTarget
            {
                IndicatorCode = t.Indicator,
                PhaseEndYear = t.PhaseEndYear,
                Comparator = t.Comparator == "=" ? Comparator.Equal : Comparator.AtLeast,
                Value = t.Value,
                ThresholdX = t.ThresholdX,
                FacilityTypes = t.FacilityTypes is null ? null : string.Join(',', t.FacilityTypes),
                Source = t.Source,
            }).ToList();
            foreach (var task in dto.Tasks.Where(t => !plan.Tasks.Any(x => x.Agency == t.Agency && x.Duty == t.Duty)))
            {
                plan.Tasks.Add(new PlanTask { Agency = task.Agency, Duty = task.Duty, Status = PlanTaskStatus.InProgress });
            }
        }

        await db.SaveChangesAsync(ct);
        await ReferenceDataSets.MarkLoadedAsync(db, PlansDataSet, version, path, file.Plans.Count, ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return file.Plans.Count;
    }

    /// <summary>Adds checklist versions not yet in the database; an existing version is never changed.</summary>
    public static async Task<int> LoadChecklistsAsync(AnSinhDbContext db, string folder, string version, CancellationToken ct = default)
    {
        var added = 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var path in Directory.GetFiles(folder, "checklist-*.json").Order())
        {
            var dto = JsonSerializer.Deserialize<ChecklistDto>(await File.ReadAllTextAsync(path, ct), Json)
                ?? throw new InvalidDataException($"{path}: empty checklist");
            if (await db.ReadinessChecklists.AnyAsync(c => c.Version == dto.Version, ct))
            {
                continue;
            }

            db.ReadinessChecklists.Add(new ReadinessChecklist
            {
                Version = dto.Version,
                ValidFrom = dto.ValidFrom,
                Title = dto.Title,
                Criteria = dto.Criteria.Select((c, i) => new ReadinessCriterion
                {
                    Code = c.Code, Text = c.Text, Mandatory = c.Mandatory, Source = c.Source, SortOrder = i + 1,
                }).ToList(),
            });
            added++;
        }

        await db.SaveChangesAsync(ct);
        await ReferenceDataSets.MarkLoadedAsync(db, ChecklistDataSet, version, folder, added, ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return added;
    }
}
