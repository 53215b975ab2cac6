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
    DateOnly? ReadOnlyAsOf = null,
    // The last change to the person's own record (registration, or the last edit).
    DateTimeOffset? LastUpdated = null)
{
    /// <summary>The record as an edit's starting point: change what the edit changes, keep the rest (with the version read).</summary>
    public BeneficiaryInput ToInput() => new()
    {
        FullName = FullName, Sex = Sex, BirthDate = BirthDate, EthnicityCode = EthnicityCode, NationalId = NationalId,
        HealthInsuranceNumber = HealthInsuranceNumber, HealthInsuranceValidFrom = HealthInsuranceValidFrom, HealthInsuranceValidTo = HealthInsuranceValidTo,
        AddressUnitId = AddressUnitId, AddressLine = AddressLine, RegisteredFacilityId = RegisteredFacilityId, Version = Version,
        Categories = Categories.Select(c => new CategoryInput
        {
            Kind = c.Kind, From = c.From, To = c.To, MeritTypeCode = c.MeritTypeCode, WarInvalidPercent = c.WarInvalidPercent,
            DisabilityTypeCode = c.DisabilityTypeCode, AssistanceTypeCode = c.AssistanceTypeCode, DisabilitySeverity = c.DisabilitySeverity,
        }).ToList(),
        Contacts = Contacts.Select(c => new ContactInput { FullName = c.FullName, Relationship = c.Relationship, Phone = c.Phone, IsGuardian = c.IsGuardian }).ToList(),
    };
}
