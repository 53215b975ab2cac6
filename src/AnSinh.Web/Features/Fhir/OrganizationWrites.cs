using System.Globalization;
using AnSinh.Data;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.Text;
using AnSinh.Web.Auth;
using AnSinh.Web.Components.Shared;
using AnSinh.Web.Features.Facilities;
using AnSinh.Web.Infrastructure;
using R4 = Hl7.Fhir.Model;

namespace AnSinh.Web.Features.Fhir;

/// <summary>
/// Facilities registered and corrected through FHIR as Viet Nam Core provider Organizations, by the facility form's own
/// service: the same rules (a commune or ward in force, in the caller's area), the same roles (offices register,
/// a facility's manager corrects their own) and version checks. What an Organization does not carry (capacity, licence
/// date, opening and closing days, managing agency) stays as it is on AnSinh.
/// </summary>
public static class OrganizationWrites
{
    public static void MapOrganizationWrites(this RouteGroupBuilder fhir)
    {
        fhir.MapPost("/Organization", CreateAsync).WithName("FhirOrganizationCreate")
            .WithSummary("Register a facility: name, type (AnSinh's type and ownership, as text), identifier (licence), address with the commune/ward code.");
        fhir.MapPut("/Organization/{id}", UpdateAsync).WithName("FhirOrganizationUpdate")
            .WithSummary("Correct a facility's name, type, licence number or address; the version read goes in If-Match.");
    }

    internal static async Task<IResult> CreateAsync(HttpContext http, FacilityService facilities, AnSinhDbContext db, Clock clock, CancellationToken ct)
    {
        var (organization, refusal) = await FhirBody.ReadAsync<R4.Organization>(http, ct: ct);
        if ((refusal ?? RecordWrites.NoConditionalCreate(http, "Organization")) is { } refused)
        {
            return refused;
        }

        var problems = new List<(string, string)>();
        if (organization!.Active == false)
        {
            problems.Add(("Organization.active", "Cơ sở mới đăng ký đang hoạt động: bỏ active=false (ngày đóng cửa được ghi trên AnSinh)."));
        }

        // An Organization states no capacity: 0 places until the facility page says how many (a health station has none).
        var input = new FacilityInput { Capacity = 0 };
        await ReadAsync(organization, input, db, clock, problems, ct);
        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        var result = await facilities.CreateAsync(input, ct);
        if (!result.Succeeded)
        {
            return Refused(http, result);
        }

        return await SendAsync(http, db, result.Value, StatusCodes.Status201Created, ct);
    }

    internal static async Task<IResult> UpdateAsync(string id, HttpContext http, FacilityService facilities, AccessScope scope, AnSinhDbContext db, Clock clock,
        CancellationToken ct)
    {
        // Out of scope is "not found" whatever the body holds.
        if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key) || !await scope.CanAccessFacilityAsync(key, ct)
            || await facilities.GetAsync(key, ct) is not { } current)
        {
            return FhirApi.Outcome(http, StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound,
                $"Không có Organization/{id}, hoặc cơ sở không thuộc phạm vi của bạn.");
        }

        var (organization, refusal) = await FhirBody.ReadAsync<R4.Organization>(http, ct: ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (FhirBody.SameId(http, organization, id) is { } otherId)
        {
            return otherId;
        }

        if (FhirBody.VersionRead(http, organization) is not { } version)
        {
            return FhirBody.VersionRequired(http);
        }

        var problems = new List<(string, string)>();
        if (organization.Active is { } active && active != (current.ClosedOn is null))
        {
            problems.Add(("Organization.active", "Cơ sở mở lại hay đóng cửa được ghi trên AnSinh cùng ngày đóng cửa, không qua active."));
        }

        // What an Organization does not carry is kept as it is.
        var input = new FacilityInput
        {
            Version = version, AdminUnitId = current.AdminUnitId, Capacity = current.Capacity, LicenceDate = current.LicenceDate,
            ManagingAgency = current.ManagingAgency, OpenedOn = current.OpenedOn, ClosedOn = current.ClosedOn,
        };
        await ReadAsync(organization, input, db, clock, problems, ct);
        if (problems.Count > 0)
        {
            return FhirSearch.Unprocessable(http, problems);
        }

        var result = await facilities.UpdateAsync(key, input, ct);
        return result.Succeeded ? await SendAsync(http, db, key, StatusCodes.Status200OK, ct) : Refused(http, result);
    }

    /// <summary>Reads what AnSinh keeps of an Organization into the input, with a problem per element it cannot keep.</summary>
    private static async Task ReadAsync(R4.Organization organization, FacilityInput input, AnSinhDbContext db, Clock clock, List<(string, string)> problems,
        CancellationToken ct)
    {
        input.Name = organization.Name?.Trim();
        // The kind as AnSinh serves it: "<type> · <ownership>" in the facility-type extension, each matched without case
        // or diacritics; without the extension, in type.text or a coding's display, as clients wrote it before.
        var kind = organization.Extension.FirstOrDefault(e => e.Url == OrganizationMapping.FacilityTypeExtension) is { } extension
            ? [(extension.Value as R4.FhirString)?.Value]
            : organization.Type.SelectMany(t => t.Coding.Select(c => c.Display).Prepend(t.Text));
        var words = kind.Where(t => !string.IsNullOrWhiteSpace(t))
            .SelectMany(t => t!.Split('·', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Select(VietnameseText.Fold).ToList();
        input.Type = Enum.GetValues<FacilityType>().Cast<FacilityType?>().FirstOrDefault(t => words.Contains(VietnameseText.Fold(Labels.Of(t!.Value))));
        input.Ownership = Enum.GetValues<Ownership>().Cast<Ownership?>().FirstOrDefault(o => words.Contains(VietnameseText.Fold(Labels.Of(o!.Value))));
        if (input.Type is null)
        {
            problems.Add(("Organization.extension", $"Cần loại cơ sở (extension {OrganizationMapping.FacilityTypeExtension}, valueString) là một trong: " + string.Join("; ", Enum.GetValues<FacilityType>().Select(t => Labels.Of(t)))
                                               + ", kèm loại hình sau dấu ·, ví dụ \"Trạm y tế xã · Công lập\"."));
        }

        if (input.Ownership is null)
        {
            problems.Add(("Organization.extension", "Cần loại hình: Công lập hoặc Ngoài công lập (sau dấu · trong extension facility-type)."));
        }

        if (organization.Identifier.FirstOrDefault(i => i.System != VnCore.ProviderLicenceSystem) is { } other)
        {
            problems.Add(("Organization.identifier", $"Hệ định danh \"{other.System}\" chưa được AnSinh ghi: số giấy phép hoạt động dùng {VnCore.ProviderLicenceSystem}."));
        }

        input.LicenceNumber = organization.Identifier.FirstOrDefault(i => i.System == VnCore.ProviderLicenceSystem)?.Value?.Trim();
        var address = organization.Address.FirstOrDefault();
        if (address is null)
        {
            problems.Add(("Organization.address", "Cần địa chỉ với mã xã/phường (extension administrative-address, ward)."));
            return;
        }

        input.Address = address.Line.Any() ? string.Join(", ", address.Line.Where(l => !string.IsNullOrWhiteSpace(l))) : null;
        if (VnCore.WardCode(address) is not { } code)
        {
            problems.Add(("Organization.address", $"Cần mã xã/phường: extension {VnCore.AdministrativeAddressExtension} → ward ({VnCore.AdministrativeAddressSystem})."));
        }
        else if (await VnCore.UnitInForceAsync(db, code, clock.Today, ct) is { } unit)
        {
            input.AdminUnitId = unit;
        }
        else
        {
            problems.Add(("Organization.address", $"Không có xã/phường hiện hành mã \"{code}\"."));
        }
    }

    private static IResult Refused(HttpContext http, ServiceResult<int> result) => FhirSearch.Refused(http, result, field => field switch
    {
        "name" => "Organization.name",
        "type" or "ownership" => "Organization.type",
        "licenceNumber" => "Organization.identifier",
        "adminUnitId" or "address" => "Organization.address",
        _ => "Organization",
    });

    private static async Task<IResult> SendAsync(HttpContext http, AnSinhDbContext db, int id, int status, CancellationToken ct)
    {
        var saved = (await OrganizationMapping.QueryAsync(db.Facilities, f => f.Id == id, ct)).Single();
        http.Response.Headers.Location = $"{FhirApi.Base(http)}/Organization/{id}";
        return FhirApi.Send(http, OrganizationMapping.ToFhir(saved), status);
    }
}
