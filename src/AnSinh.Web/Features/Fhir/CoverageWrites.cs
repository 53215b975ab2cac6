using System.Globalization;
using AnSinh.Web.Features.Beneficiaries;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// The health-insurance (BHYT) card written through FHIR. AnSinh keeps one card per person on the person's record, so
/// Coverage/{person id} is that card: POST records a card for a person who has none (the same card again is answered
/// with the one kept, or renews it when its period changed), PUT replaces it (renewed or re-issued) with the person's version in If-Match. Both go through
/// <see cref="BeneficiaryService"/>: the card is checked, scoped and audited as on the record's form.
/// </summary>
public static class CoverageWrites
{
    public static void MapCoverageWrites(this RouteGroupBuilder fhir)
    {
        fhir.MapPost("/Coverage", CreateAsync).WithName("FhirCoverageCreate")
            .WithSummary("Record a person's BHYT card: beneficiary, identifier (or subscriberId) = the card number, period.");
        fhir.MapPut("/Coverage/{id}", UpdateAsync).WithName("FhirCoverageUpdate")
            .WithSummary("Replace a person's BHYT card (Coverage/{person id}); the version read goes in If-Match.");
    }

    internal static async Task<IResult> CreateAsync(HttpContext http, BeneficiaryService people, AnSinh.Data.AnSinhDbContext db, CancellationToken ct)
    {
        var (coverage, refusal) = await FhirBody.ReadAsync<R4.Coverage>(http, ct: ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (http.Request.Headers.ContainsKey("If-None-Exist"))
        {
            return FhirApi.Outcome(http, StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.NotSupported,
                "If-None-Exist không cần cho Coverage: mỗi người có một thẻ BHYT, gửi lại cùng thẻ nhận về thẻ đã ghi.");
        }

        var problems = new List<(string, string)>();
        int? personId = FhirSearch.TryLocalPatient(coverage!.Beneficiary?.Reference, FhirApi.Base(http), out var key) ? key : null;
        if (personId is null)
        {
            problems.Add(("Coverage.beneficiary", "beneficiary phải là Patient/<id> của một người trên AnSinh."));
        }

        var card = Read(coverage, problems);
        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        if (await people.GetAsync(personId!.Value, view: "fhir", ct: ct) is not { } person)
        {
            return NotFound(http, $"Patient/{personId}");
        }

        if (await HeldByAnotherAsync(db, card.Number!, person.Id, ct) is { } refusedCard)
        {
            return refusedCard(http);
        }

        if (person.HealthInsuranceNumber is { } kept)
        {
            if (!string.Equals(kept, card.Number, StringComparison.OrdinalIgnoreCase))
            {
                return FhirApi.Send(http, Issue("Coverage.identifier",
                    $"Người này đã có thẻ BHYT {kept} (Coverage/{person.Id}): thay thẻ bằng PUT Coverage/{person.Id} với If-Match: W/\"{person.Version}\"."),
                    StatusCodes.Status409Conflict);
            }

            // The same card: as kept (a retry), or renewed for another period (cards keep their number from year to year).
            if ((person.HealthInsuranceValidFrom, person.HealthInsuranceValidTo) == (card.From, card.To))
            {
                return FhirApi.Send(http, ToFhir(person));
            }

            return await SaveAsync(http, people, person, card, person.Version, StatusCodes.Status200OK, ct);
        }

        // The version read just now: two cards posted at once for one person cannot both land.
        return await SaveAsync(http, people, person, card, person.Version, StatusCodes.Status201Created, ct);
    }

    internal static async Task<IResult> UpdateAsync(string id, HttpContext http, BeneficiaryService people, AnSinh.Data.AnSinhDbContext db, CancellationToken ct)
    {
        // Out of scope is "not found" whatever the body holds.
        if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key)
            || await people.GetAsync(key, view: "fhir", ct: ct) is not { } person)
        {
            return NotFound(http, $"Coverage/{id}");
        }

        var (coverage, refusal) = await FhirBody.ReadAsync<R4.Coverage>(http, ct: ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (FhirBody.SameId(http, coverage, id) is { } otherId)
        {
            return otherId;
        }

        if (FhirBody.VersionRead(http, coverage!) is not { } version)
        {
            return FhirBody.VersionRequired(http);
        }

        var problems = new List<(string, string)>();
        if (!FhirSearch.TryLocalPatient(coverage.Beneficiary?.Reference, FhirApi.Base(http), out var named) || named != key)
        {
            problems.Add(("Coverage.beneficiary", $"Coverage/{id} là thẻ của Patient/{id}: beneficiary phải là Patient/{id}."));
        }

        var card = Read(coverage, problems);
        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        if (await HeldByAnotherAsync(db, card.Number!, person.Id, ct) is { } refusedCard)
        {
            return refusedCard(http);
        }

        var status = person.HealthInsuranceNumber is null ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        return await SaveAsync(http, people, person, card, version, status, ct);
    }

    /// <summary>A card number is one person's: held by another, it is refused (without saying whose, who may be out of scope).</summary>
    private static async Task<Func<HttpContext, IResult>?> HeldByAnotherAsync(AnSinh.Data.AnSinhDbContext db, string number, int person, CancellationToken ct) =>
        await db.Beneficiaries.AsNoTracking().AnyAsync(b => b.HealthInsuranceNumber == number && b.Id != person, ct)
            ? http => FhirSearch.Unprocessable(http, [("Coverage.identifier", $"Số thẻ BHYT {number} đã là thẻ của một người khác trên AnSinh: kiểm tra lại số thẻ.")])
            : null;

    private static R4.OperationOutcome Issue(string expression, string message) => new()
    {
        Issue = [new R4.OperationOutcome.IssueComponent
        {
            Severity = R4.OperationOutcome.IssueSeverity.Error, Code = R4.OperationOutcome.IssueType.Conflict, Diagnostics = message, Expression = [expression],
        }],
    };

    private sealed record Card(string? Number, DateOnly? From, DateOnly? To);

    /// <summary>The card a Coverage states, with a problem for each element AnSinh cannot keep.</summary>
    private static Card Read(R4.Coverage coverage, List<(string, string)> problems)
    {
        if (coverage.Status is not R4.FinancialResourceStatusCodes.Active)
        {
            problems.Add(("Coverage.status", "AnSinh ghi thẻ BHYT đang dùng (status active); thẻ đã hủy hoặc nhập nhầm được sửa trên hồ sơ của người."));
        }

        var numbers = coverage.Identifier.Where(i => i.System == VnCore.InsuranceNumberSystem).Select(i => i.Value?.Trim())
            .Append(coverage.SubscriberId?.Trim()).Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (coverage.Identifier.FirstOrDefault(i => i.System != VnCore.InsuranceNumberSystem) is { } other)
        {
            problems.Add(("Coverage.identifier", $"Hệ định danh \"{other.System}\" không phải số thẻ BHYT: dùng {VnCore.InsuranceNumberSystem}."));
        }

        if (numbers.Count == 0)
        {
            problems.Add(("Coverage.identifier", $"Cần số thẻ BHYT: identifier ({VnCore.InsuranceNumberSystem}) hoặc subscriberId."));
        }
        else if (numbers.Count > 1)
        {
            problems.Add(("Coverage.identifier", $"identifier và subscriberId nêu hai số thẻ khác nhau ({string.Join(", ", numbers)})."));
        }

        return new Card(numbers.FirstOrDefault()?.ToUpperInvariant(), FhirSearch.FullDay(coverage.Period?.StartElement, "Coverage.period.start", problems),
            FhirSearch.FullDay(coverage.Period?.EndElement, "Coverage.period.end", problems));
    }

    private static async Task<IResult> SaveAsync(HttpContext http, BeneficiaryService people, BeneficiaryDetail person, Card card, int version, int status,
        CancellationToken ct)
    {
        var input = person.ToInput();
        input.HealthInsuranceNumber = card.Number;
        input.HealthInsuranceValidFrom = card.From;
        input.HealthInsuranceValidTo = card.To;
        input.Version = version;
        var result = await people.UpdateAsync(person.Id, input, ct);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, field => field switch
            {
                "healthInsuranceNumber" => "Coverage.identifier",
                "healthInsuranceValidFrom" => "Coverage.period.start",
                "healthInsuranceValidTo" => "Coverage.period.end",
                _ => $"Patient/{person.Id}",
            });
        }

        var saved = (await people.GetAsync(person.Id, audited: false, ct: ct))!;
        http.Response.Headers.Location = $"{FhirApi.Base(http)}/Coverage/{saved.Id}";
        return FhirApi.Send(http, ToFhir(saved), status);
    }

    private static R4.Coverage ToFhir(BeneficiaryDetail person) =>
        RecordResources.ToFhir(new RecordResources.CardRow(person.Id, person.HealthInsuranceNumber!, person.HealthInsuranceValidFrom, person.HealthInsuranceValidTo,
            person.Version));

    private static IResult NotFound(HttpContext http, string what) =>
        FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound,
            $"Không có {what}, hoặc người này không thuộc phạm vi của bạn.");
}
