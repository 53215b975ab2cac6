using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Identity;
using AnSinh.Domain.Stays;

namespace AnSinh.Domain.Tests;

public class StayRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);

    [Fact]
    public void Served_on_the_day_of_discharge_but_not_the_day_after()
    {
        var stay = new Stay { AdmittedOn = new DateOnly(2026, 1, 10), DischargedOn = new DateOnly(2026, 6, 30) };
        Assert.True(stay.IsServedOn(new DateOnly(2026, 1, 10)));
        Assert.True(stay.IsServedOn(new DateOnly(2026, 6, 30)));
        Assert.False(stay.IsServedOn(new DateOnly(2026, 7, 1)));
        Assert.False(stay.IsServedOn(new DateOnly(2026, 1, 9)));
    }

    [Fact]
    public void Discharge_before_admission_is_refused()
    {
        var stay = new Stay { AdmittedOn = new DateOnly(2026, 3, 15) };
        var errors = StayRules.ValidateDischarge(new DischargeInput { DischargedOn = new DateOnly(2026, 3, 14), Reason = DischargeReason.ReturnedHome }, stay, Today);
        Assert.Equal("Ngày ra không được trước ngày tiếp nhận (15/03/2026).", errors["dischargedOn"]);
    }

    [Fact]
    public void Discharge_on_the_admission_day_is_allowed()
    {
        var stay = new Stay { AdmittedOn = new DateOnly(2026, 3, 15) };
        Assert.True(StayRules.ValidateDischarge(new DischargeInput { DischargedOn = new DateOnly(2026, 3, 15), Reason = DischargeReason.Died }, stay, Today).IsValid);
    }

    [Fact]
    public void A_discharge_needs_a_reason() =>
        Assert.Equal("Chọn lý do ra khỏi cơ sở.",
            StayRules.ValidateDischarge(new DischargeInput { DischargedOn = Today }, new Stay { AdmittedOn = Today.AddDays(-3) }, Today)["reason"]);

    [Theory]
    [InlineData(39, 40, false)]
    [InlineData(40, 40, true)]
    [InlineData(45, 40, true)]
    [InlineData(5, 0, false)] // no capacity (commune health station): never full
    public void Capacity_warning_when_the_facility_is_full(int residents, int capacity, bool warns) =>
        Assert.Equal(warns, StayRules.CapacityWarning(residents, capacity) is not null);

    [Fact]
    public void Admission_in_the_future_is_refused() =>
        Assert.Equal("Ngày tiếp nhận không được ở tương lai.",
            StayRules.ValidateAdmission(new AdmissionInput { FacilityId = 1, AdmittedOn = Today.AddDays(2) }, new DateOnly(1950, 1, 1), Today)["admittedOn"]);
}

public class BeneficiaryRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);

    private static BeneficiaryInput Valid() => new()
    {
        FullName = "Trần Thị Mai",
        Sex = Sex.Female,
        BirthDate = new DateOnly(1948, 5, 2),
        NationalId = "022148000123",
        HealthInsuranceNumber = "BT2221234567890",
        HealthInsuranceValidTo = new DateOnly(2026, 12, 31),
    };

    [Fact]
    public void A_complete_record_is_valid() => Assert.True(BeneficiaryRules.Validate(Valid(), Today).IsValid);

    [Fact]
    public void Birth_date_in_the_future_is_refused()
    {
        var input = Valid();
        input.BirthDate = Today.AddDays(1);
        input.NationalId = null;
        Assert.Equal("Ngày sinh không được ở tương lai.", BeneficiaryRules.Validate(input, Today)["birthDate"]);
    }

    [Fact]
    public void Name_sex_and_birth_date_are_required()
    {
        var errors = BeneficiaryRules.Validate(new BeneficiaryInput(), Today);
        Assert.NotNull(errors["fullName"]);
        Assert.NotNull(errors["sex"]);
        Assert.NotNull(errors["birthDate"]);
    }

    [Fact]
    public void War_invalid_percentage_only_for_people_with_meritorious_service()
    {
        var input = Valid();
        input.Categories.Add(new CategoryInput { Kind = CategoryKind.Elderly, From = new DateOnly(2010, 1, 1), WarInvalidPercent = 41 });
        Assert.Equal("Tỷ lệ tổn thương chỉ áp dụng cho người có công.", BeneficiaryRules.Validate(input, Today)["categories[0].warInvalidPercent"]);
    }

    [Fact]
    public void Several_categories_at_once_are_allowed()
    {
        var input = Valid();
        input.Categories.Add(new CategoryInput { Kind = CategoryKind.MeritoriousService, From = new DateOnly(1990, 1, 1), WarInvalidPercent = 61, MeritTypeCode = "D3K1g" });
        input.Categories.Add(new CategoryInput { Kind = CategoryKind.Elderly, From = new DateOnly(2008, 5, 2) });
        input.Categories.Add(new CategoryInput { Kind = CategoryKind.Disability, From = new DateOnly(1990, 1, 1), DisabilitySeverity = DisabilitySeverity.Severe });
        Assert.True(BeneficiaryRules.Validate(input, Today).IsValid);
    }

    private static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> Lists = new Dictionary<string, IReadOnlySet<string>>
    {
        [CodeLists.EthnicGroup] = new HashSet<string> { "01", "02" },
        [CodeLists.MeritoriousType] = new HashSet<string> { "D3K1g", "D3K1h", "D3K2-con" },
        [CodeLists.DisabilityType] = new HashSet<string> { "D3K1a" },
        [CodeLists.SocialAssistance] = new HashSet<string> { "D5K5a" },
    };

    [Fact]
    public void Codes_come_from_their_lists_and_fit_the_category()
    {
        var input = Valid();
        input.EthnicityCode = "Kinh";
        input.Categories.Add(new CategoryInput { Kind = CategoryKind.MeritoriousService, From = new DateOnly(1990, 1, 1), MeritTypeCode = "D3K2-con" });
        input.Categories.Add(new CategoryInput { Kind = CategoryKind.MeritoriousRelative, From = new DateOnly(1990, 1, 1), MeritTypeCode = "D3K2-con" });
        input.Categories.Add(new CategoryInput { Kind = CategoryKind.Elderly, From = new DateOnly(2008, 5, 2), DisabilityTypeCode = "D3K1a", AssistanceTypeCode = "D9K9" });
        var errors = BeneficiaryRules.Validate(input, Today, Lists);
        Assert.Contains("54 dân tộc", errors["ethnicityCode"]);
        Assert.Contains("Điều 3 khoản 1", errors["categories[0].meritTypeCode"]); // a relative's code on the person
        Assert.Null(errors["categories[1].meritTypeCode"]);
        Assert.Contains("chỉ áp dụng cho người khuyết tật", errors["categories[2].disabilityTypeCode"]);
        Assert.Contains("Nghị định 20/2021", errors["categories[2].assistanceTypeCode"]);

        input.EthnicityCode = "01";
        input.Categories[0].MeritTypeCode = "D3K1g";
        input.Categories[2].DisabilityTypeCode = null;
        input.Categories[2].AssistanceTypeCode = "D5K5a";
        Assert.True(BeneficiaryRules.Validate(input, Today, Lists).IsValid);
    }

    [Fact]
    public void A_card_number_needs_its_expiry_date()
    {
        var input = Valid();
        input.HealthInsuranceValidTo = null;
        Assert.Equal("Cần nhập hạn sử dụng của thẻ BHYT.", BeneficiaryRules.Validate(input, Today)["healthInsuranceValidTo"]);
    }

    [Fact]
    public void Age_is_whole_years_on_the_date()
    {
        var person = new Beneficiary { FullName = "x", BirthDate = new DateOnly(1946, 11, 27) };
        Assert.Equal(79, person.AgeOn(new DateOnly(2026, 11, 26)));
        Assert.Equal(80, person.AgeOn(new DateOnly(2026, 11, 27)));
    }
}
