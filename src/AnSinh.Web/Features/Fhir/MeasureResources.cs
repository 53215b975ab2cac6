using System.Globalization;
using System.Text.RegularExpressions;
using AnSinh.Domain.Indicators;
using AnSinh.Web.Features.Indicators;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// The programme's indicators (INDICATORS.md) as Measures, and their figures for an area or a facility on a date as
/// summary MeasureReports, computed by the same IndicatorService as /api/indicators and scoped the same way. A report's
/// id names what it is of: {indicator}.unit-{code}.{date} or {indicator}.facility-{id}.{date}.
/// </summary>
public static partial class MeasureResources
{
    // FHIR R4's own code system (specification package, valuesets.xml).
    private const string ScoringSystem = "http://terminology.hl7.org/CodeSystem/measure-scoring";
    private const string PopulationSystem = "http://terminology.hl7.org/CodeSystem/measure-population";

    public static void MapMeasureResources(this RouteGroupBuilder fhir)
    {
        fhir.MapGet("/Measure/{id}", (string id, HttpContext http) =>
                IndicatorCodes.All.FirstOrDefault(d => d.Code == id) is { } definition
                    ? FhirApi.Send(http, ToMeasure(definition))
                    : FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound, $"Không có chỉ tiêu Measure/{id}."))
            .WithName("FhirMeasureRead").WithSummary("An indicator of the 2021–2030 plans as a Measure: its name, scoring and populations.");
        fhir.MapGet("/Measure", (HttpContext http) =>
            {
                if (FhirSearch.RefuseUnknown(http, "Measure", "_id", "url") is { } refused)
                {
                    return refused;
                }

                var wanted = Values(http, "_id").Concat(Values(http, "url").Select(CodeOf)).ToHashSet(StringComparer.Ordinal);
                var definitions = IndicatorCodes.All.Where(d => wanted.Count == 0 || wanted.Contains(d.Code)).ToList();
                return FhirSearch.Page(http, "Measure", definitions, d => ToMeasure(d));
            })
            .WithName("FhirMeasureSearch").WithSummary("The indicators: _id (the code), url.");

        fhir.MapGet("/MeasureReport/{id}", async (string id, HttpContext http, IndicatorService indicators, TimeProvider time, CancellationToken ct) =>
            {
                var match = ReportId().Match(id);
                if (!match.Success || !DateOnly.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf)
                    || Infrastructure.InputRules.Date(asOf) is not null
                    || IndicatorCodes.All.All(d => d.Code != match.Groups["code"].Value))
                {
                    return FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound,
                        $"Không có MeasureReport/{id}: mã có dạng {{chỉ tiêu}}.unit-{{mã đơn vị}}.{{yyyy-MM-dd}} hoặc {{chỉ tiêu}}.facility-{{mã cơ sở}}.{{yyyy-MM-dd}}.");
                }

                var facility = match.Groups["facility"].Success ? int.Parse(match.Groups["facility"].Value, CultureInfo.InvariantCulture) : (int?)null;
                var unit = facility is null ? match.Groups["unit"].Value : null;
                var reports = await ReportsAsync(http, indicators, time, unit, facility, asOf, match.Groups["code"].Value, ct, notFoundOnInvalid: true);
                return reports.Error ?? (reports.Items is [var one] ? FhirApi.Send(http, one)
                    : FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound, $"Không có chỉ tiêu {match.Groups["code"].Value}."));
            })
            .WithName("FhirMeasureReportRead").WithSummary("One indicator's figure for an area or facility on a date.");
        fhir.MapGet("/MeasureReport", async (HttpContext http, IndicatorService indicators, TimeProvider time, Infrastructure.Clock clock, CancellationToken ct) =>
            {
                if (FhirSearch.RefuseUnknown(http, "MeasureReport", "subject", "measure", "period") is { } refused)
                {
                    return refused;
                }

                var subjects = Values(http, "subject");
                var (unit, facility) = subjects.Count == 1 ? SubjectOf(subjects[0]) : (null, null);
                if (unit is null && facility is null)
                {
                    return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.Required,
                        "Cần đúng một subject: Group/unit-{mã đơn vị} (ví dụ Group/unit-22, Group/unit-VN) hoặc Organization/{mã cơ sở}.");
                }

                var periods = Values(http, "period");
                DateOnly asOf = clock.Today;
                if (periods.Count > 1 || (periods.Count == 1 && (PeriodEnd(periods[0]) is not { } end || Infrastructure.InputRules.Date(end) is not null)))
                {
                    return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.Invalid,
                        "period: một ngày, tháng hoặc năm từ 1900 đến 2100, có thể kèm eq hoặc le (ví dụ period=2025, period=le2025-06-30); số liệu tính đến cuối kỳ đó.");
                }
                else if (periods.Count == 1)
                {
                    asOf = PeriodEnd(periods[0])!.Value;
                }

                var measures = Values(http, "measure").Select(CodeOf).ToList();
                if (measures.FirstOrDefault(m => IndicatorCodes.All.All(d => d.Code != m)) is { } unknownMeasure)
                {
                    return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.NotFound,
                        $"Không có chỉ tiêu “{unknownMeasure}”; xem /fhir/Measure.");
                }

                var reports = await ReportsAsync(http, indicators, time, unit, facility, asOf, measures.Count == 1 ? measures[0] : null, ct);
                return reports.Error ?? FhirSearch.Page(http, "MeasureReport", reports.Items.Where(r => measures.Count == 0 || measures.Contains(CodeOf(((R4.MeasureReport)r).Measure ?? ""))).ToList(), r => r);
            })
            .WithName("FhirMeasureReportSearch").WithSummary("Figures of one area or facility: subject (Group/unit-{code} or Organization/{id}), measure (code or url), period (date, month or year, eq or le; the figures as at its end; default today).");
    }

    private sealed record Reports(List<R4.Resource> Items, IResult? Error);

    private static async Task<Reports> ReportsAsync(HttpContext http, IndicatorService indicators, TimeProvider time, string? unit, int? facility, DateOnly asOf,
        string? onlyCode, CancellationToken ct, bool notFoundOnInvalid = false)
    {
        var computed = await indicators.ComputeAsync(new IndicatorService.Request(unit, facility, asOf), ct);
        if (!computed.Succeeded)
        {
            // A read names one report: an unknown unit in its id is a report that does not exist.
            var (status, code) = computed.NotFound || computed.Forbidden || notFoundOnInvalid
                ? (StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound)
                : (StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.Invalid);
            var message = computed.NotFound || computed.Forbidden || notFoundOnInvalid
                ? "Không có đơn vị hoặc cơ sở này, hoặc nó không thuộc phạm vi của bạn."
                : string.Join(" ", computed.Errors?.ToDictionary().SelectMany(e => e.Value) ?? []);
            return new Reports([], FhirApi.Outcome(http, status, code, message));
        }

        var report = computed.Value!;
        var rows = report.Indicators.Where(r => onlyCode is null || r.Code == onlyCode);
        var subjectId = facility is { } f ? $"facility-{f}" : $"unit-{report.UnitCode}";
        return new Reports(rows.Select(row =>
        {
            var measureReport = MeasureReportMapper.ToMeasureReport(row, report.UnitCode, report.UnitName, report.AsOf, time.GetUtcNow());
            measureReport.Id = $"{row.Code}.{subjectId}.{report.AsOf:yyyy-MM-dd}";
            if (facility is { } id)
            {
                measureReport.Subject = new R4.ResourceReference($"Organization/{id}", report.UnitName);
            }
            else
            {
                // The area as a contained Group (its people, named by the unit's code), so that the subject resolves.
                measureReport.Contained.Add(new R4.Group
                {
                    Id = "subject", Type = R4.Group.GroupType.Person, Actual = false, Name = report.UnitName,
                    Identifier = [new R4.Identifier(MeasureReportMapper.UnitSystem, report.UnitCode)],
                });
                measureReport.Subject = new R4.ResourceReference("#subject", report.UnitName)
                {
                    Identifier = new R4.Identifier(MeasureReportMapper.UnitSystem, report.UnitCode),
                };
            }

            return (R4.Resource)measureReport;
        }).ToList(), null);
    }

    public static R4.Measure ToMeasure(IndicatorDefinition d)
    {
        var measure = new R4.Measure
        {
            Id = d.Code,
            Url = MeasureReportMapper.MeasureBase + d.Code,
            Identifier = [new R4.Identifier(MeasureReportMapper.IndicatorSystem, d.Code)],
            Name = d.Code.Replace("-", "", StringComparison.Ordinal),
            Title = d.NameVi,
            Subtitle = d.ShortVi,
            Status = R4.PublicationStatus.Active,
            Scoring = d.Kind == IndicatorKind.Percent
                ? VnCore.Coded(ScoringSystem, "proportion", "Proportion")
                : VnCore.Coded(ScoringSystem, "continuous-variable", "Continuous Variable"),
            Description = $"{d.NameVi}. Định nghĩa: INDICATORS.md, mã {d.Code}.",
        };
        var group = new R4.Measure.GroupComponent { Code = new R4.CodeableConcept(MeasureReportMapper.IndicatorSystem, d.Code, d.NameVi) };
        if (d.Kind == IndicatorKind.Percent)
        {
            group.Population.Add(Population(d, "numerator", $"Tử số: {Members(d.NumeratorMembers)}"));
            group.Population.Add(Population(d, "denominator", $"Mẫu số: {Members(d.DenominatorMembers)}"));
        }

        measure.Group.Add(group);
        return measure;
    }

    /// <summary>
    /// A population with its criteria, which R4 requires: in words, pointing at the definition (AnSinh computes the
    /// figures in code from INDICATORS.md, not from a CQL or FHIRPath expression).
    /// </summary>
    private static R4.Measure.PopulationComponent Population(IndicatorDefinition d, string code, string description) => new()
    {
        Code = new R4.CodeableConcept(PopulationSystem, code),
        Description = description,
        Criteria = new R4.Expression { Language = "text/plain", Expression_ = $"INDICATORS.md {d.Code}, {code}", Description = description },
    };

    private static string Members(MemberKind kind) => kind switch
    {
        MemberKind.Person => "người",
        MemberKind.Facility => "cơ sở",
        MemberKind.Stay => "lượt tiếp nhận",
        MemberKind.Referral => "lượt chuyển tuyến",
        _ => "—",
    };

    [GeneratedRegex(@"^(?<code>[A-Z]+(?:-[A-Z]+)*)\.(?:unit-(?<unit>[A-Za-z0-9]+)|facility-(?<facility>\d{1,9}))\.(?<date>\d{4}-\d{2}-\d{2})$")]
    private static partial Regex ReportId();

    /// <summary>"Group/unit-22", "unit-22" → the unit; "Organization/5" → the facility.</summary>
    private static (string? Unit, int? Facility) SubjectOf(string subject)
    {
        var value = subject.StartsWith("Group/", StringComparison.Ordinal) ? subject[6..] : subject;
        if (value.StartsWith("unit-", StringComparison.Ordinal) && value.Length > 5)
        {
            return (value[5..], null);
        }

        return subject.StartsWith("Organization/", StringComparison.Ordinal) && int.TryParse(subject[13..], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? (null, id)
            : (null, null);
    }

    /// <summary>The last day of "2025", "2025-06" or "2025-06-30", optionally with eq or le.</summary>
    private static DateOnly? PeriodEnd(string value)
    {
        var text = value.StartsWith("eq", StringComparison.Ordinal) || value.StartsWith("le", StringComparison.Ordinal) ? value[2..] : value;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        if (DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            return month.AddMonths(1).AddDays(-1);
        }

        return text.Length == 4 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is > 1900 and < 3000
            ? new DateOnly(year, 12, 31)
            : null;
    }

    private static string CodeOf(string measure) =>
        measure.StartsWith(MeasureReportMapper.MeasureBase, StringComparison.Ordinal) ? measure[MeasureReportMapper.MeasureBase.Length..]
        : measure.StartsWith("Measure/", StringComparison.Ordinal) ? measure[8..] : measure;

    private static List<string> Values(HttpContext http, string key) =>
        http.Request.Query[key].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
