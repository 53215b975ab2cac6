using AnSinh.Data;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.Text;
using AnSinh.Web.Auth;
using AnSinh.Web.Components.Shared;
using AnSinh.Web.Features.Facilities;
using AnSinh.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// A staff member added to a facility as a PractitionerRole (the person contained as a Practitioner, or named by the
/// reference's display): by the staff form's service, so who may add staff and where is the form's. A staff record is
/// one person at one facility, so the Practitioner and the PractitionerRole share its id; the same person sent again
/// (the same practising certificate, or else the same name and profession, at that facility) is the record kept.
/// </summary>
public static class PractitionerWrites
{
    private const string RoleSystem = "http://terminology.hl7.org/CodeSystem/practitioner-role";

    public static void MapPractitionerWrites(this RouteGroupBuilder fhir)
    {
        fhir.MapPost("/PractitionerRole", CreateAsync).WithName("FhirPractitionerRoleCreate")
            .WithSummary("Add a staff member: organization, practitioner (contained Practitioner with name and certificate, or display), code (profession), period.");
        fhir.MapPut("/PractitionerRole/{id}", UpdateAsync).WithName("FhirPractitionerRoleUpdate")
            .WithSummary("Record a staff member's leaving: period.end the last working day (active false alone: today). Other changes are a new PractitionerRole.");
    }

    /// <summary>
    /// The one change a staff record takes (as on the facility page): the last day the person works there. Another
    /// facility, name or profession is another staff record; one who has left is not brought back.
    /// </summary>
    internal static async Task<IResult> UpdateAsync(string id, HttpContext http, FacilityService facilities, AccessScope scope, AnSinhDbContext db, Clock clock,
        CurrentUser user, CancellationToken ct)
    {
        if (await FacilityResources.StaffAsync(scope, RecordResources.Key(id), ct) is not [var current])
        {
            return FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound,
                $"Không có PractitionerRole/{id}, hoặc nhân viên không thuộc cơ sở trong phạm vi của bạn.");
        }

        if (!user.CanEditStaff)
        {
            return FhirApi.Outcome(http, StatusCodes.Status403Forbidden, R4.OperationOutcome.IssueType.Forbidden, "Bạn không có quyền quản lý nhân sự.");
        }

        var (read, refusal) = await FhirBody.ReadAsync<R4.PractitionerRole>(http, ct: ct);
        if ((refusal ?? FhirBody.SameId(http, read!, id)) is { } refused)
        {
            return refused;
        }

        var role = read!;
        var staff = current.Staff;
        var problems = new List<(string, string)>();
        if (role.Organization?.Reference is { } organization
            && (!FhirSearch.TryLocal(organization, "Organization", FhirApi.Base(http), out var facility) || facility != staff.FacilityId))
        {
            problems.Add(("PractitionerRole.organization", "Chuyển sang cơ sở khác: ghi ngày nghỉ ở cơ sở này (period.end) rồi thêm PractitionerRole mới ở cơ sở kia."));
        }

        if ((role.Practitioner?.Display is { } name && VietnameseText.Fold(name) != VietnameseText.Fold(staff.FullName))
            || (role.Practitioner?.Reference is { } practitioner && practitioner != $"Practitioner/{staff.Id}" && practitioner != $"{FhirApi.Base(http)}/Practitioner/{staff.Id}"))
        {
            problems.Add(("PractitionerRole.practitioner", "Họ tên nhân viên được sửa trên trang cơ sở; PractitionerRole chỉ ghi ngày nghỉ việc."));
        }

        var words = role.Code.SelectMany(c => c.Coding.Select(x => x.Display).Prepend(c.Text)).Where(t => !string.IsNullOrWhiteSpace(t)).Select(VietnameseText.Fold).ToList();
        var roleCodes = role.Code.SelectMany(c => c.Coding).Where(c => c.System == RoleSystem).Select(c => c.Code).ToList();
        var ownCode = staff.Profession switch { Profession.Doctor => "doctor", Profession.Nurse => "nurse", Profession.Pharmacist => "pharmacist", _ => null };
        if ((words.Count > 0 && !words.Contains(VietnameseText.Fold(Labels.Of(staff.Profession))) && (ownCode is null || !words.Contains(ownCode)))
            || roleCodes.Any(c => c != ownCode))
        {
            problems.Add(("PractitionerRole.code", $"Đổi chức danh ({Labels.Of(staff.Profession)}) là một vị trí mới: ghi ngày nghỉ ở vị trí này rồi thêm PractitionerRole mới."));
        }

        var start = FhirSearch.FullDay(role.Period?.StartElement, "PractitionerRole.period.start", problems);
        var end = FhirSearch.FullDay(role.Period?.EndElement, "PractitionerRole.period.end", problems);
        if (start != staff.StartDate && role.Period?.StartElement is not null)
        {
            problems.Add(("PractitionerRole.period.start", "Ngày bắt đầu làm việc không sửa qua PractitionerRole."));
        }

        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        // "active": false alone says they have left: today is their last day.
        end ??= role.Active == false ? clock.Today : null;
        if (end is null || end == staff.EndDate)
        {
            return await SendAsync(http, db, staff.Id, StatusCodes.Status200OK, clock, ct); // nothing to change
        }

        var result = await facilities.EndStaffAsync(staff.FacilityId, staff.Id, new StaffEndInput { EndDate = end }, ct);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, _ => "PractitionerRole.period.end");
        }

        return await SendAsync(http, db, staff.Id, StatusCodes.Status200OK, clock, ct);
    }

    internal static async Task<IResult> CreateAsync(HttpContext http, FacilityService facilities, AccessScope scope, AnSinhDbContext db, Clock clock, CancellationToken ct)
    {
        var (role, refusal) = await FhirBody.ReadAsync<R4.PractitionerRole>(http, ct: ct);
        if ((refusal ?? RecordWrites.NoConditionalCreate(http, "PractitionerRole")) is { } refused)
        {
            return refused;
        }

        var problems = new List<(string, string)>();
        int? facility = FhirSearch.TryLocal(role!.Organization?.Reference, "Organization", FhirApi.Base(http), out var id) ? id : null;
        if (facility is null)
        {
            problems.Add(("PractitionerRole.organization", "organization phải là Organization/<id> của cơ sở trên AnSinh nơi người này làm việc."));
        }

        // The person: contained (#id) with a name, or only named by the reference's display.
        var reference = role.Practitioner;
        var person = reference?.Reference is { } r && r.StartsWith('#') ? role.Contained.OfType<R4.Practitioner>().FirstOrDefault(p => p.Id == r[1..]) : null;
        if (reference?.Reference is { } other && !other.StartsWith('#'))
        {
            problems.Add(("PractitionerRole.practitioner", "Một hồ sơ nhân sự là một người ở một cơ sở: gửi người đó chứa trong PractitionerRole (#id), không tham chiếu Practitioner đã có."));
        }

        var name = person?.Name.Select(n => n.Text ?? string.Join(" ", n.Family is null ? n.Given : n.Given.Prepend(n.Family))).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))
                   ?? reference?.Display;
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add(("PractitionerRole.practitioner", "Cần họ tên: Practitioner chứa trong PractitionerRole có name, hoặc display của practitioner."));
        }

        var words = role.Code.SelectMany(c => c.Coding.Select(x => x.Display).Prepend(c.Text)).Where(t => !string.IsNullOrWhiteSpace(t)).Select(VietnameseText.Fold).ToList();
        var codes = role.Code.SelectMany(c => c.Coding).Where(c => c.System == RoleSystem).Select(c => c.Code).ToList();
        var profession = Enum.GetValues<Profession>().Cast<Profession?>().FirstOrDefault(p => words.Contains(VietnameseText.Fold(Labels.Of(p!.Value))))
                         ?? (codes.FirstOrDefault() switch
                         {
                             "doctor" => Profession.Doctor,
                             "nurse" => Profession.Nurse,
                             "pharmacist" => Profession.Pharmacist,
                             _ => null,
                         });
        if (profession is null)
        {
            problems.Add(("PractitionerRole.code", "Cần chức danh (code.text) là một trong: " + string.Join(", ", Enum.GetValues<Profession>().Select(p => Labels.Of(p)))
                                                   + $", hoặc mã doctor, nurse, pharmacist ({RoleSystem})."));
        }

        var certificate = person?.Qualification.SelectMany(q => q.Identifier).Select(i => i.Value?.Trim()).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        var start = FhirSearch.FullDay(role.Period?.StartElement, "PractitionerRole.period.start", problems);
        var end = FhirSearch.FullDay(role.Period?.EndElement, "PractitionerRole.period.end", problems);
        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        if (!await scope.FacilityExistsAndVisibleAsync(facility!.Value, ct))
        {
            return FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound,
                $"Không có Organization/{facility}, hoặc cơ sở không thuộc phạm vi của bạn.");
        }

        var input = new StaffInput { FullName = name!.Trim(), Profession = profession, PractisingCertificateNumber = certificate, StartDate = start, EndDate = end };
        // The same person sent again is the record kept (compared as the staff import compares), not a second one, even
        // when the two arrive at once.
        using var gate = await FacilityService.Gates.EnterAsync($"staff:{facility}", ct);
        // A practising certificate is one person's: held by someone else, or at another facility, the staff import refuses it too.
        if (certificate is not null && await db.StaffMembers.AsNoTracking().Where(s => s.PractisingCertificateNumber == certificate)
                .Select(s => new { s.FacilityId, s.FullName }).FirstOrDefaultAsync(ct) is { } holder
            && (holder.FacilityId != facility || VietnameseText.Fold(holder.FullName) != VietnameseText.Fold(input.FullName)))
        {
            return FhirSearch.Unprocessable(http, [("PractitionerRole.practitioner.qualification.identifier",
                $"Chứng chỉ hành nghề {certificate} đã được ghi cho {(holder.FacilityId == facility ? $"\"{holder.FullName}\" ở cơ sở này" : "một người ở cơ sở khác")}.")]);
        }

        if (await ExistingAsync(db, facility.Value, input, ct) is { } existing)
        {
            return await SendAsync(http, db, existing, StatusCodes.Status200OK, clock, ct);
        }

        var result = await facilities.AddStaffAsync(facility.Value, input, ct);
        if (!result.Succeeded)
        {
            return FhirSearch.Refused(http, result, field => field switch
            {
                "fullName" => "PractitionerRole.practitioner",
                "profession" => "PractitionerRole.code",
                "endDate" => "PractitionerRole.period.end",
                _ => "PractitionerRole",
            });
        }

        return await SendAsync(http, db, result.Value, StatusCodes.Status201Created, clock, ct);
    }

    private static async Task<int?> ExistingAsync(AnSinhDbContext db, int facility, StaffInput input, CancellationToken ct)
    {
        var staff = await db.StaffMembers.AsNoTracking().Where(s => s.FacilityId == facility)
            .Select(s => new { s.Id, s.FullName, s.Profession, s.PractisingCertificateNumber }).ToListAsync(ct);
        var name = VietnameseText.Fold(input.FullName);
        return staff.FirstOrDefault(s => input.PractisingCertificateNumber is { } certificate
            ? s.PractisingCertificateNumber == certificate
            : s.PractisingCertificateNumber is null && s.Profession == input.Profession && VietnameseText.Fold(s.FullName) == name)?.Id;
    }

    private static async Task<IResult> SendAsync(HttpContext http, AnSinhDbContext db, int id, int status, Clock clock, CancellationToken ct)
    {
        var row = await db.StaffMembers.AsNoTracking().Where(s => s.Id == id)
            .Join(db.Facilities, s => s.FacilityId, f => f.Id, (s, f) => new FacilityResources.StaffRow { Staff = s, FacilityName = f.Name }).FirstAsync(ct);
        http.Response.Headers.Location = $"{FhirApi.Base(http)}/PractitionerRole/{id}";
        return FhirApi.Send(http, FacilityResources.ToRole(row, clock.Today), status);
    }
}
