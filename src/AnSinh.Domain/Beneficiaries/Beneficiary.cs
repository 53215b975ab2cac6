using AnSinh.Domain.Facilities;
using AnSinh.Domain.Geography;
using AnSinh.Domain.Identity;
using AnSinh.Domain.Stays;

namespace AnSinh.Domain.Beneficiaries;

public class Beneficiary
{
    public int Id { get; set; }

    /// <summary>Goes up by one with each edit; an edit made from an older version is refused (optimistic concurrency).</summary>
    public int Version { get; set; }

    public required string FullName { get; set; }
    /// <summary>Folded name (no diacritics, lower case) for searching.</summary>
    public string SearchName { get; set; } = "";
    public Sex Sex { get; set; }
    public DateOnly BirthDate { get; set; }
    /// <summary>GSO code of the ethnic group (CodeLists.EthnicGroup), e.g. "01" Kinh.</summary>
    public string? EthnicityCode { get; set; }
    public string? NationalId { get; set; }
    public string? HealthInsuranceNumber { get; set; }
    public DateOnly? HealthInsuranceValidFrom { get; set; }
    public DateOnly? HealthInsuranceValidTo { get; set; }
    public int? AddressUnitId { get; set; }
    public AdminUnit? AddressUnit { get; set; }
    public string? AddressLine { get; set; }
    /// <summary>The facility that registered the person; it keeps sight of them before admission.</summary>
    public int? RegisteredFacilityId { get; set; }
    public Facility? RegisteredFacility { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The last change to the person's own record (null: unchanged since registered); FHIR meta.lastUpdated, _lastUpdated.</summary>
    public DateTimeOffset? UpdatedAt { get; set; }
    public List<BeneficiaryCategory> Categories { get; set; } = [];
    public List<Contact> Contacts { get; set; } = [];
    public List<Stay> Stays { get; set; } = [];

    public int AgeOn(DateOnly date)
    {
        var age = date.Year - BirthDate.Year;
        if (BirthDate > date.AddYears(-age))
        {
            age--;
        }

        return age;
    }
}

public enum CategoryKind
{
    /// <summary>Người có công với cách mạng.</summary>
    MeritoriousService = 1,
    /// <summary>Thân nhân người có công.</summary>
    MeritoriousRelative = 2,
    /// <summary>Người cao tuổi.</summary>
    Elderly = 3,
    /// <summary>Trẻ em có hoàn cảnh đặc biệt.</summary>
    ChildSpecialCircumstances = 4,
    /// <summary>Người khuyết tật.</summary>
    Disability = 5,
    /// <summary>Người tâm thần.</summary>
    MentalIllness = 6,
    /// <summary>Người nghiện ma túy.</summary>
    DrugAddiction = 7,
    /// <summary>Người nhiễm HIV.</summary>
    Hiv = 8,
    /// <summary>Thành viên hộ nghèo, cận nghèo.</summary>
    PoorHousehold = 9,
}

public enum DisabilitySeverity
{
    /// <summary>Đặc biệt nặng.</summary>
    Extreme = 1,
    /// <summary>Nặng.</summary>
    Severe = 2,
    /// <summary>Nhẹ.</summary>
    Mild = 3,
}

public class BeneficiaryCategory
{
    public int Id { get; set; }
    public int BeneficiaryId { get; set; }
    public CategoryKind Kind { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? To { get; set; }
    /// <summary>Type of meritorious service, or of relative (CodeLists.MeritoriousType: Pháp lệnh 02/2020, Điều 3).</summary>
    public string? MeritTypeCode { get; set; }
    /// <summary>War invalid: percentage of lost working capacity.</summary>
    public int? WarInvalidPercent { get; set; }
    /// <summary>Type of disability (CodeLists.DisabilityType: Luật Người khuyết tật 2010, Điều 3 khoản 1).</summary>
    public string? DisabilityTypeCode { get; set; }
    /// <summary>Social-assistance category (CodeLists.SocialAssistance: Nghị định 20/2021/NĐ-CP, Điều 5).</summary>
    public string? AssistanceTypeCode { get; set; }
    public DisabilitySeverity? DisabilitySeverity { get; set; }

    public bool IsActiveOn(DateOnly date) => From <= date && (To is null || To >= date);
}

public class Contact
{
    public int Id { get; set; }
    public int BeneficiaryId { get; set; }
    public required string FullName { get; set; }
    public string? Relationship { get; set; }
    public string? Phone { get; set; }
    public bool IsGuardian { get; set; }
}
