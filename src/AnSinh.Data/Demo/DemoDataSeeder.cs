using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.Geography;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Identity;
using AnSinh.Domain.Stays;
using AnSinh.Domain.Text;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Data.Demo;

/// <summary>Ids of what the demo data created, for demo users and tests.</summary>
public sealed record DemoData(int ProvinceUnitId, int SocialAssistanceFacilityId, int OtherProvinceFacilityId, IReadOnlyList<int> FacilityIds);

/// <summary>
/// Deterministic demo data: Quảng Ninh (code 22) with seven facilities of every type (one private),
/// about 330 people with categories, stays and three years of checks and vitals; and one facility in
/// Hà Nội so that scoping can be seen. The same date gives the same data.
/// </summary>
public static class DemoDataSeeder
{
    public const string DemoProvinceCode = "22";
    public const string OtherProvinceCode = "01";

    private static readonly string[] FamilyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh"];
    private static readonly string[] MaleMiddle = ["Văn", "Đức", "Hữu", "Minh", "Quang", "Xuân", "Công", "Thanh"];
    private static readonly string[] FemaleMiddle = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Minh", "Thúy", "Hồng"];
    private static readonly string[] MaleGiven = ["An", "Bình", "Cường", "Dũng", "Hùng", "Long", "Nam", "Phúc", "Sơn", "Tâm", "Thắng", "Tuấn", "Việt", "Hải", "Khánh", "Lâm", "Quý", "Toàn"];
    private static readonly string[] FemaleGiven = ["Anh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngọc", "Nhung", "Phương", "Thảo", "Trang", "Yến", "Hạnh", "Loan", "Tuyết", "Vân", "Xuân"];
    private static readonly string[] Ethnicities = ["Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Tày", "Dao", "Sán Dìu", "Sán Chay"];
    private static readonly string[] MeritTypes = ["Thương binh", "Bệnh binh", "Người hoạt động kháng chiến bị nhiễm chất độc hóa học"];
    private static readonly string[] DisabilityTypes = ["Khuyết tật vận động", "Khuyết tật nghe, nói", "Khuyết tật nhìn", "Khuyết tật thần kinh, tâm thần", "Khuyết tật trí tuệ"];

    private enum Profile { Elderly, Merit, Drug, Mental, Child, Community }

    public static async Task<DemoData> SeedAsync(AnSinhDbContext db, DateOnly today, CancellationToken ct = default)
    {
        var random = new Random(20_211_230); // KH 254/KH-UBND, 30/12/2021
        var province = await db.AdminUnits.FirstAsync(u => u.Code == DemoProvinceCode && u.Level == AdminLevel.Province && u.ValidFrom != null, ct);
        var communes = await db.AdminUnits.Where(u => u.ParentId == province.Id).OrderBy(u => u.Code).ToListAsync(ct);
        var hanoi = await db.AdminUnits.FirstAsync(u => u.Code == OtherProvinceCode && u.Level == AdminLevel.Province && u.ValidFrom != null, ct);
        var hanoiCommunes = await db.AdminUnits.Where(u => u.ParentId == hanoi.Id).OrderBy(u => u.Code).Take(20).ToListAsync(ct);
        AdminUnit Commune(int i) => communes[i % communes.Count];

        var opened = new DateOnly(2005, 1, 1);
        var social = NewFacility("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh", FacilityType.SocialAssistance, Ownership.Public, Commune(3), 150, "Sở Y tế tỉnh Quảng Ninh", opened);
        var merit = NewFacility("Trung tâm Điều dưỡng người có công tỉnh Quảng Ninh", FacilityType.MeritoriousCareCentre, Ownership.Public, Commune(7), 120, "Sở Y tế tỉnh Quảng Ninh", opened);
        var drug = NewFacility("Cơ sở cai nghiện ma túy tỉnh Quảng Ninh", FacilityType.DrugRehabilitation, Ownership.Public, Commune(11), 200, "Sở Y tế tỉnh Quảng Ninh", opened);
        var mental = NewFacility("Trung tâm Chăm sóc và Phục hồi chức năng người tâm thần Quảng Ninh", FacilityType.SocialAssistance, Ownership.Public, Commune(15), 100, "Sở Y tế tỉnh Quảng Ninh", opened);
        var privateHome = NewFacility("Mái ấm dưỡng lão An Bình (tư nhân)", FacilityType.SocialAssistance, Ownership.Private, Commune(19), 40, "Công ty TNHH An Bình", new DateOnly(2018, 6, 1));
        var station1 = NewFacility($"Trạm Y tế {Commune(23).Name}", FacilityType.CommuneHealthStation, Ownership.Public, Commune(23), 0, $"UBND {Commune(23).Name}", opened);
        var station2 = NewFacility($"Trạm Y tế {Commune(29).Name}", FacilityType.CommuneHealthStation, Ownership.Public, Commune(29), 0, $"UBND {Commune(29).Name}", opened);
        var hanoiCentre = NewFacility("Trung tâm Bảo trợ xã hội (Hà Nội, dữ liệu mẫu)", FacilityType.SocialAssistance, Ownership.Public, hanoiCommunes[5], 60, "Sở Y tế Hà Nội", opened);
        Facility[] all = [social, merit, drug, mental, privateHome, station1, station2, hanoiCentre];
        db.Facilities.AddRange(all);

        var staffCount = 0;
        foreach (var f in all)
        {
            var roster = f.Type == FacilityType.CommuneHealthStation
                ? new[] { Profession.Doctor, Profession.PhysicianAssistant, Profession.Nurse, Profession.Nurse }
                : new[] { Profession.Doctor, Profession.PhysicianAssistant, Profession.Nurse, Profession.Nurse, Profession.Nurse, Profession.RehabTechnician, Profession.Pharmacist, Profession.Caregiver, Profession.Caregiver, Profession.SocialWorker };
            foreach (var p in roster)
            {
                var sex = random.Next(3) == 0 ? Sex.Male : Sex.Female;
                f.Staff.Add(new StaffMember
                {
                    FullName = Name(random, sex),
                    Profession = p,
                    PractisingCertificateNumber = p is Profession.Caregiver or Profession.SocialWorker ? null : $"{++staffCount:D6}/QNI-CCHN",
                    StartDate = new DateOnly(2010 + random.Next(14), 1 + random.Next(12), 1),
                });
            }
        }

        var nationalIds = new HashSet<string>();
        var people = new List<Beneficiary>();
        var encounters = new List<Encounter>();

        void AddPeople(Facility facility, int count, Profile profile, StayKind kind = StayKind.Residential)
        {
            for (var i = 0; i < count; i++)
            {
                var person = NewPerson(random, profile, today, nationalIds, facility.AdminUnit == hanoiCentre.AdminUnit ? hanoiCommunes[random.Next(hanoiCommunes.Count)] : Commune(random.Next(communes.Count)),
                    facility.AdminUnit == hanoiCentre.AdminUnit ? "01" : "22");
                if (people.Count == 0)
                {
                    // A fixed person that guides and tests can look for.
                    person.FullName = "Nguyễn Văn An";
                    person.SearchName = VietnameseText.Fold(person.FullName);
                    person.Sex = Sex.Male;
                }

                person.RegisteredFacility = facility;
                var admitted = today.AddDays(-random.Next(60, 8 * 365));
                if (admitted < person.BirthDate.AddYears(1))
                {
                    admitted = person.BirthDate.AddYears(1);
                }

                var stay = new Stay { Facility = facility, Kind = kind, AdmittedOn = admitted };
                // About one in twelve has left: home, transferred or died.
                if (people.Count > 0 && random.Next(12) == 0)
                {
                    var days = today.DayNumber - admitted.DayNumber;
                    stay.DischargedOn = admitted.AddDays(random.Next(1, Math.Max(2, days)));
                    stay.DischargeReason = (DischargeReason)(1 + random.Next(4));
                }

                person.Stays.Add(stay);
                people.Add(person);
                encounters.AddRange(NewEncounters(random, person, stay, facility, today, profile));
            }
        }

        AddPeople(social, 112, Profile.Elderly);
        AddPeople(social, 18, Profile.Child);
        AddPeople(merit, 64, Profile.Merit);
        AddPeople(drug, 48, Profile.Drug);
        AddPeople(mental, 44, Profile.Mental);
        AddPeople(privateHome, 36, Profile.Elderly);
        AddPeople(station1, 14, Profile.Community, StayKind.CommunityEnrolment);
        AddPeople(station2, 12, Profile.Community, StayKind.CommunityEnrolment);
        AddPeople(hanoiCentre, 20, Profile.Elderly);

        db.Beneficiaries.AddRange(people);
        db.Encounters.AddRange(encounters);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await DemoMonitoringSeeder.SeedAsync(db, random, today, merit.Id, all.Select(f => f.Id).ToList(), ct);
        // The demo writes names as a clerk would type them; they become codes as any legacy text does.
        foreach (var list in new[] { CodeLists.EthnicGroup, CodeLists.MeritoriousType, CodeLists.DisabilityType })
        {
            await ReferenceData.CodedValues.ConvertLegacyTextAsync(db, list, ct);
        }

        return new DemoData(province.Id, social.Id, hanoiCentre.Id, all.Select(f => f.Id).ToList());
    }

    private static Facility NewFacility(string name, FacilityType type, Ownership ownership, AdminUnit unit, int capacity, string agency, DateOnly opened) => new()
    {
        Name = name,
        Type = type,
        Ownership = ownership,
        AdminUnit = unit,
        AdminUnitId = unit.Id,
        Address = unit.Name,
        Capacity = capacity,
        LicenceNumber = type == FacilityType.CommuneHealthStation ? null : $"{10 + unit.Id % 80}/GP-SYT",
        LicenceDate = type == FacilityType.CommuneHealthStation ? null : opened.AddMonths(-2),
        ManagingAgency = agency,
        OpenedOn = opened,
    };

    /// <summary>A plausible Vietnamese name from the demo's name parts (also used by the synthetic data generator).</summary>
    internal static string Name(Random r, Sex sex) => sex == Sex.Male
        ? $"{FamilyNames[r.Next(FamilyNames.Length)]} {MaleMiddle[r.Next(MaleMiddle.Length)]} {MaleGiven[r.Next(MaleGiven.Length)]}"
        : $"{FamilyNames[r.Next(FamilyNames.Length)]} {FemaleMiddle[r.Next(FemaleMiddle.Length)]} {FemaleGiven[r.Next(FemaleGiven.Length)]}";

    private static Beneficiary NewPerson(Random r, Profile profile, DateOnly today, HashSet<string> nationalIds, AdminUnit address, string provinceCode)
    {
        var (minAge, maxAge) = profile switch
        {
            Profile.Elderly => (62, 96),
            Profile.Merit => (68, 95),
            Profile.Drug => (19, 48),
            Profile.Mental => (22, 70),
            Profile.Child => (3, 15),
            _ => (45, 90),
        };
        var sex = profile == Profile.Drug ? (r.Next(10) == 0 ? Sex.Female : Sex.Male) : (r.Next(2) == 0 ? Sex.Male : Sex.Female);
        var birth = today.AddYears(-r.Next(minAge, maxAge + 1)).AddDays(-r.Next(365));
        var fullName = Name(r, sex);
        var person = new Beneficiary
        {
            FullName = fullName,
            SearchName = VietnameseText.Fold(fullName),
            Sex = sex,
            BirthDate = birth,
            EthnicityCode = Ethnicities[r.Next(Ethnicities.Length)],
            AddressUnit = address,
            AddressUnitId = address.Id,
            AddressLine = $"Số {1 + r.Next(200)}, tổ {1 + r.Next(12)}",
            CreatedAt = DateTimeOffset.UtcNow,
        };

        // CCCD: 0 + province code of birth, sex/century digit, two year digits, six serial digits.
        if (profile != Profile.Child || r.Next(3) == 0)
        {
            string id;
            do
            {
                var centuryDigit = (birth.Year >= 2000 ? 2 : 0) + (sex == Sex.Female ? 1 : 0);
                id = $"0{provinceCode}{centuryDigit}{birth.Year % 100:D2}{r.Next(1_000_000):D6}";
            }
            while (!nationalIds.Add(id));
            person.NationalId = id;
        }

        var group = profile switch { Profile.Merit => "CC", Profile.Child => "TE", Profile.Community => "HN", _ => "BT" };
        if (r.Next(10) != 0)
        {
            person.HealthInsuranceNumber = $"{group}{1 + r.Next(3)}{provinceCode}{r.NextInt64(1_000_000_000, 9_999_999_999)}";
            person.HealthInsuranceValidFrom = new DateOnly(today.Year - 3, 1, 1);
            // About one card in eight has run out.
            person.HealthInsuranceValidTo = r.Next(8) == 0 ? today.AddDays(-r.Next(10, 200)) : new DateOnly(today.Year, 12, 31);
        }

        var since = today.AddYears(-r.Next(2, 12));
        switch (profile)
        {
            case Profile.Elderly:
                person.Categories.Add(new BeneficiaryCategory { Kind = CategoryKind.Elderly, From = since });
                if (r.Next(4) == 0)
                {
                    person.Categories.Add(new BeneficiaryCategory { Kind = CategoryKind.Disability, From = since, DisabilityTypeCode = DisabilityTypes[r.Next(3)], DisabilitySeverity = (DisabilitySeverity)(1 + r.Next(2)) });
                }

                break;
            case Profile.Merit:
                person.Categories.Add(new BeneficiaryCategory
                {
                    Kind = CategoryKind.MeritoriousService,
                    From = since,
                    MeritTypeCode = MeritTypes[r.Next(MeritTypes.Length)],
                    WarInvalidPercent = 21 + r.Next(61),
                });
                person.Categories.Add(new BeneficiaryCategory { Kind = CategoryKind.Elderly, From = since });
                break;
            case Profile.Drug:
                person.Categories.Add(new BeneficiaryCategory { Kind = CategoryKind.DrugAddiction, From = since });
                if (r.Next(8) == 0)
                {
                    person.Categories.Add(new BeneficiaryCategory { Kind = CategoryKind.Hiv, From = since });
                }

                break;
            case Profile.Mental:
                person.Categories.Add(new BeneficiaryCategory { Kind = CategoryKind.MentalIllness, From = since });
                person.Categories.Add(new BeneficiaryCategory { Kind = CategoryKind.Disability, From = since, DisabilityTypeCode = DisabilityTypes[3], DisabilitySeverity = (DisabilitySeverity)(1 + r.Next(2)) });
                break;
            case Profile.Child:
                person.Categories.Add(new BeneficiaryCategory { Kind = CategoryKind.ChildSpecialCircumstances, From = since < birth ? birth : since });
                break;
            case Profile.Community:
                person.Categories.Add(new BeneficiaryCategory { Kind = r.Next(2) == 0 ? CategoryKind.Elderly : CategoryKind.Disability, From = since,
                    DisabilityTypeCode = null });
                if (person.Categories[0].Kind == CategoryKind.Disability)
                {
                    person.Categories[0].DisabilityTypeCode = DisabilityTypes[r.Next(DisabilityTypes.Length)];
                    person.Categories[0].DisabilitySeverity = DisabilitySeverity.Severe;
                }

                person.Categories.Add(new BeneficiaryCategory { Kind = CategoryKind.PoorHousehold, From = since });
                break;
        }

        var relative = r.Next(2) == 0 ? "Con" : "Cháu";
        person.Contacts.Add(new Contact
        {
            FullName = Name(r, r.Next(2) == 0 ? Sex.Male : Sex.Female),
            Relationship = profile == Profile.Child ? "Người giám hộ" : relative,
            Phone = $"09{r.Next(10_000_000, 99_999_999)}",
            IsGuardian = profile is Profile.Child or Profile.Mental,
        });
        return person;
    }

    private static IEnumerable<Encounter> NewEncounters(Random r, Beneficiary person, Stay stay, Facility facility, DateOnly today, Profile profile)
    {
        var end = stay.DischargedOn ?? today;
        var hypertensive = profile is Profile.Elderly or Profile.Merit or Profile.Community && r.Next(100) < 45;
        var diabetic = profile is Profile.Elderly or Profile.Merit or Profile.Community && r.Next(100) < 18;
        var stroke = profile is Profile.Merit or Profile.Elderly && r.Next(100) < 8;
        var copd = profile is Profile.Merit && r.Next(100) < 15;
        var height = profile == Profile.Child ? 95m + (today.Year - person.BirthDate.Year) * 5m : person.Sex == Sex.Male ? 158m + r.Next(15) : 148m + r.Next(12);
        var weight = profile == Profile.Child ? 14m + (today.Year - person.BirthDate.Year) * 2.5m : Math.Round(height - 105m + r.Next(-8, 12), 0);

        // Intake screening within a week of admission (one in ten is late or missing).
        var intakeDate = stay.AdmittedOn.AddDays(r.Next(0, 6));
        if (r.Next(10) != 0 && intakeDate <= end)
        {
            yield return Encounter(r, person, facility, EncounterKind.IntakeScreening, intakeDate, hypertensive, diabetic, stroke, copd, height, weight, true);
        }

        // Periodic checks every six months for the last three years; some people miss the recent ones.
        var interval = profile is Profile.Child || person.AgeOn(today) >= 80 ? 6 : 6 + r.Next(2) * 6;
        var missesRecent = r.Next(7) == 0;
        var from = today.AddYears(-3) > stay.AdmittedOn ? today.AddYears(-3) : stay.AdmittedOn.AddMonths(interval);
        for (var d = from.AddDays(r.Next(0, 40)); d <= end; d = d.AddMonths(interval).AddDays(r.Next(-10, 10)))
        {
            if (missesRecent && d > today.AddMonths(-13))
            {
                break;
            }

            yield return Encounter(r, person, facility, EncounterKind.PeriodicCheck, d, hypertensive, diabetic, stroke, copd, height, weight, false);
        }
    }

    private static Encounter Encounter(Random r, Beneficiary person, Facility facility, EncounterKind kind, DateOnly date, bool hypertensive,
        bool diabetic, bool stroke, bool copd, decimal height, decimal weight, bool isIntake)
    {
        var systolic = hypertensive ? 128 + r.Next(40) : 105 + r.Next(28);
        var diastolic = Math.Min(systolic - 30, (hypertensive ? 78 : 65) + r.Next(18));
        var w = weight + r.Next(-2, 3);
        var e = new Encounter
        {
            Beneficiary = person,
            Facility = facility,
            Kind = kind,
            Date = date,
            RecordedAt = new DateTimeOffset(date.ToDateTime(new TimeOnly(2, 30)), TimeSpan.Zero),
            RecordedBy = "Dữ liệu mẫu",
            Findings = hypertensive ? "Tỉnh, tiếp xúc tốt. Tim đều, phổi không ran." : "Tỉnh, tiếp xúc tốt. Chưa phát hiện bất thường.",
            Conclusion = isIntake ? "Khám sàng lọc khi tiếp nhận." : "Khám sức khỏe định kỳ.",
            Classification = hypertensive || diabetic ? HealthClassification.III : (HealthClassification)(1 + r.Next(2)),
        };
        void Obs(string code, decimal value, string unit) => e.Observations.Add(new Observation { Code = code, Value = value, Unit = unit, Date = date, Beneficiary = person });
        Obs(Loinc.Systolic, systolic, "mm[Hg]");
        Obs(Loinc.Diastolic, diastolic, "mm[Hg]");
        Obs(Loinc.Pulse, 62 + r.Next(30), "/min");
        Obs(Loinc.Temperature, 36.2m + r.Next(9) / 10m, "Cel");
        Obs(Loinc.RespiratoryRate, 16 + r.Next(6), "/min");
        Obs(Loinc.OxygenSaturation, copd ? 90 + r.Next(6) : 95 + r.Next(5), "%");
        Obs(Loinc.Weight, w, "kg");
        Obs(Loinc.Height, height, "cm");
        Obs(Loinc.Bmi, VitalSigns.Bmi(w, height)!.Value, "kg/m2");
        if (diabetic)
        {
            Obs(Loinc.Glucose, 5.5m + r.Next(40) / 10m, "mmol/L");
        }

        e.HasVitalSigns = true;

        if (isIntake)
        {
            void Dx(string code) => e.Conditions.Add(new Condition { IcdCode = code, OnsetDate = date, Beneficiary = person, LastChangedAt = e.RecordedAt });
            if (hypertensive) { Dx("I10"); }
            if (diabetic) { Dx("E11"); }
            if (stroke) { Dx("I69"); }
            if (copd) { Dx("J44"); }
        }

        return e;
    }
}
