using AnSinh.Domain.Facilities;
using AnSinh.Domain.Validation;

namespace AnSinh.Web.Features.Facilities;

/// <summary>A facility as a choice in a picker: its name and where it is.</summary>
public sealed record FacilityChoice(int Id, string Name, string Area);

public sealed class FacilityInput : AnSinh.Domain.Validation.IVersionedInput
{
    /// <summary>When editing: the facility's version the edit started from (the API also takes it as If-Match).</summary>
    public int? Version { get; set; }

    public string? Name { get; set; }
    public FacilityType? Type { get; set; }
    public Ownership? Ownership { get; set; }
    public int? AdminUnitId { get; set; }
    public string? Address { get; set; }
    public int? Capacity { get; set; }
    public string? LicenceNumber { get; set; }
    public DateOnly? LicenceDate { get; set; }
    public string? ManagingAgency { get; set; }
    public DateOnly? OpenedOn { get; set; }
    public DateOnly? ClosedOn { get; set; }

    public ValidationErrors Validate(DateOnly today)
    {
        var e = new ValidationErrors();
        e.AddIf(string.IsNullOrWhiteSpace(Name), "name", "Tên cơ sở là bắt buộc.");
        e.AddIf(Name is { Length: > 300 }, "name", "Tên cơ sở không được dài quá 300 ký tự.");
        e.AddIf(Address is { Length: > 300 }, "address", "Địa chỉ không được dài quá 300 ký tự.");
        e.AddIf(LicenceNumber?.Trim() is { Length: > 50 }, "licenceNumber", "Số giấy phép không được dài quá 50 ký tự.");
        e.AddIf(ManagingAgency is { Length: > 300 }, "managingAgency", "Cơ quan quản lý không được dài quá 300 ký tự.");
        e.AddIf(Type is null, "type", "Chọn loại cơ sở.");
        e.AddIf(Ownership is null, "ownership", "Chọn loại hình (công lập / ngoài công lập).");
        e.AddIf(AdminUnitId is null, "adminUnitId", "Chọn đơn vị hành chính (xã/phường) nơi đặt cơ sở.");
        e.AddIf(Capacity is null or < 0, "capacity", "Quy mô tiếp nhận phải là số không âm.");
        e.AddIf(Capacity is > 100_000, "capacity", "Quy mô tiếp nhận không hợp lệ.");
        e.AddIf(LicenceDate is { } d && d > today, "licenceDate", "Ngày cấp phép không được ở tương lai.");
        e.AddIf(OpenedOn is { } o && ClosedOn is { } c && c < o, "closedOn", "Ngày ngừng hoạt động phải sau ngày bắt đầu hoạt động.");
        return e;
    }
}

public sealed class StaffInput
{
    public string? FullName { get; set; }
    public Profession? Profession { get; set; }
    public string? PractisingCertificateNumber { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }

    public ValidationErrors Validate()
    {
        var e = new ValidationErrors();
        e.AddIf(string.IsNullOrWhiteSpace(FullName), "fullName", "Họ tên nhân viên là bắt buộc.");
        e.AddIf(FullName?.Trim() is { Length: > 200 }, "fullName", "Họ tên không được dài quá 200 ký tự.");
        e.AddIf(PractisingCertificateNumber?.Trim() is { Length: > 50 }, "practisingCertificateNumber", "Số chứng chỉ hành nghề không được dài quá 50 ký tự.");
        e.AddIf(Profession is null, "profession", "Chọn chức danh chuyên môn.");
        e.AddIf(StartDate is { } s && EndDate is { } en && en < s, "endDate", "Ngày kết thúc phải sau ngày bắt đầu.");
        return e;
    }
}

/// <summary>The last day a staff member works at the facility (they leave, retire or move).</summary>
public sealed class StaffEndInput
{
    public DateOnly? EndDate { get; set; }
}

public sealed record FacilityListItem(int Id, string Name, FacilityType Type, Ownership Ownership, int AdminUnitId, string AdminUnitName,
    string? ProvinceCode, int Capacity, int Residents, bool OverCapacity);

public sealed record StaffView(int Id, string FullName, Profession Profession, string? PractisingCertificateNumber, DateOnly? StartDate, DateOnly? EndDate);

public sealed record FacilityDetail(int Id, string Name, FacilityType Type, Ownership Ownership, int AdminUnitId, string AdminUnitName,
    string? Address, int Capacity, string? LicenceNumber, DateOnly? LicenceDate, string? ManagingAgency, DateOnly? OpenedOn, DateOnly? ClosedOn,
    int Residents, IReadOnlyList<StaffView> Staff, int Version);

public sealed record CensusRow(int BeneficiaryId, string FullName, DateOnly BirthDate, int StayId, DateOnly AdmittedOn, Domain.Stays.StayKind Kind);
