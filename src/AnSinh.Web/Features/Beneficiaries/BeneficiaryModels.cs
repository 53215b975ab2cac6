using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Identity;

namespace AnSinh.Web.Features.Beneficiaries;

public sealed record BeneficiaryListItem(
    int Id,
    string FullName,
    DateOnly BirthDate,
    Sex Sex,
    int? CurrentFacilityId,
    string? CurrentFacilityName,
    string? NationalId,
    string? HealthInsuranceNumber,
    IReadOnlyList<CategoryKind> Categories);

public sealed record BeneficiaryPage(IReadOnlyList<BeneficiaryListItem> Items, int Total, int Page, int PageSize);

public sealed record CategoryView(int Id, CategoryKind Kind, DateOnly From, DateOnly? To, string? MeritTypeCode, int? WarInvalidPercent,
    string? DisabilityTypeCode, DisabilitySeverity? DisabilitySeverity, string? AssistanceTypeCode,
    string? MeritTypeName = null, string? DisabilityTypeName = null, string? AssistanceTypeName = null);

public sealed record ContactView(int Id, string FullName, string? Relationship, string? Phone, bool IsGuardian);

public sealed record StayView(int Id, int FacilityId, string FacilityName, Domain.Stays.StayKind Kind, DateOnly AdmittedOn,
    DateOnly? DischargedOn, Domain.Stays.DischargeReason? DischargeReason, string? Note);

public sealed record BeneficiaryDetail(
    int Id,
    string FullName,
    Sex Sex,
    DateOnly BirthDate,
    int Age,
    string? EthnicityCode,
    string? EthnicityName,
    string? NationalId,
    string? HealthInsuranceNumber,
    DateOnly? HealthInsuranceValidFrom,
    DateOnly? HealthInsuranceValidTo,
    int? AddressUnitId,
    string? AddressUnitName,
    string? AddressLine,
    int? RegisteredFacilityId,
    int? CurrentFacilityId,
    string? CurrentFacilityName,
    int? CurrentStayId,
    IReadOnlyList<CategoryView> Categories,
    IReadOnlyList<ContactView> Contacts,
    IReadOnlyList<StayView> Stays,
    int Version,
    // Set when the caller's facility is one the person left: the record is shown as it stood that day, read-only.
    DateOnly? ReadOnlyAsOf = null);
