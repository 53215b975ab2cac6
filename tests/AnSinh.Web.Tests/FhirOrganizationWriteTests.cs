using System.Net;
using System.Net.Http.Json;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.Geography;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace AnSinh.Web.Tests;

/// <summary>
/// Facilities registered and corrected as Viet Nam Core provider Organizations with Firely's FhirClient (issue #13): by
/// the facility form's own service, so the roles, the area and the version check are the form's; what an Organization
/// does not carry stays as it was.
/// </summary>
public abstract class FhirOrganizationWriteTests(AnSinhAppFactory app) : HttpTestBase(app)
{
    private const string WardExtension = "http://fhir.ehealth.gov.vn/core/StructureDefinition/extension-administrative-address";
    private const string WardSystem = "http://fhir.ehealth.gov.vn/core/CodeSystem/vn-core-administrative-address";
    private const string LicenceSystem = "http://fhir.ehealth.gov.vn/core/sid/provider-license-number";

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private Task<string> CommuneAsync(string province) =>
        App.QueryAsync(db => db.AdminUnits.Where(u => u.Level == AdminLevel.Commune && u.ProvinceCode == province).Where(AdminUnit.ValidOn(Today))
            .OrderBy(u => u.Code).Select(u => u.Code).FirstAsync());

    private const string FacilityTypeExtension = "https://ansinh.vn/fhir/StructureDefinition/facility-type";

    /// <summary>A facility as AnSinh serves one: VN Core's fixed type, the kind and ownership in AnSinh's extension.</summary>
    private static Organization Facility(string name, string type, string ward, string licence) => new()
    {
        Name = name,
        Type = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider", "Healthcare Provider")],
        Extension = [new Extension(FacilityTypeExtension, new FhirString(type))],
        Identifier = [new Identifier(LicenceSystem, licence)],
        Address =
        [
            new Address
            {
                Line = ["Thôn Đồng Tâm"],
                Extension = [new Extension { Url = WardExtension, Extension = [new Extension("ward", new CodeableConcept(WardSystem, ward))] }],
            },
        ],
    };

    private static async Task RefusedAsync(Func<Task> call, HttpStatusCode status, string expression)
    {
        var refused = await Assert.ThrowsAsync<FhirOperationException>(call);
        Assert.Equal(status, refused.Status);
        Assert.Contains(refused.Outcome!.Issue, i => i.Expression.Any(e => e == expression) || (i.Diagnostics ?? "").Contains(expression, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_province_registers_a_facility_corrects_it_with_the_version_read_and_bad_ones_are_refused()
    {
        RequireProvider();
        var province = await FhirAsync("demo.province");
        var ward = await CommuneAsync("22");
        var name = $"Trạm y tế xã thử FHIR {Guid.NewGuid():N}"[..40];

        var created = (await province.CreateAsync(Facility(name, "trạm y tế XÃ · Công lập", ward, "QN-TYT-0427")))!;
        var facility = await App.QueryAsync(db => db.Facilities.Include(f => f.AdminUnit).SingleAsync(f => f.Name == name));
        Assert.Equal((FacilityType.CommuneHealthStation, Ownership.Public, ward, "Thôn Đồng Tâm", "QN-TYT-0427"),
            (facility.Type, facility.Ownership, facility.AdminUnit!.Code, facility.Address, facility.LicenceNumber));
        Assert.Equal("Trạm y tế xã · Công lập", created.GetStringExtension(FacilityTypeExtension));
        Assert.Equal("prov", created.Type.Single().Coding.Single().Code);
        Assert.Equal(ward, ((CodeableConcept)created.Address.Single().GetExtension(WardExtension)!.GetExtension("ward")!.Value!).Coding.Single().Code);
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "facility.create" && e.EntityId == created.Id && e.UserName == "demo.province")));

        // Sent again (a retry, a double click), or three at once: the facility is registered once.
        await RefusedAsync(() => province.CreateAsync(Facility(name, "Trạm y tế xã · Công lập", ward, "QN-TYT-0427")), HttpStatusCode.UnprocessableEntity, "Organization.identifier");
        var together = Enumerable.Range(0, 3).Select(_ => province.CreateAsync(Facility(name + " B", "Trạm y tế xã · Công lập", ward, "QN-TYT-0999"))).ToList();
        await Task.WhenAll(together.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        Assert.Equal(1, together.Count(t => t.IsCompletedSuccessfully));
        Assert.Equal(1, await App.QueryAsync(db => db.Facilities.CountAsync(f => f.LicenceNumber == "QN-TYT-0999")));
        await RefusedAsync(() => province.CreateAsync(Facility(new string('N', 301), "Trạm y tế xã · Công lập", ward, "QN-TYT-0998")), HttpStatusCode.UnprocessableEntity,
            "Organization.name");

        // A correction starts from the version read; what the Organization does not carry (capacity) stays.
        await App.QueryAsync(async db =>
        {
            await db.Facilities.Where(f => f.Id == facility.Id).ExecuteUpdateAsync(u => u.SetProperty(f => f.Capacity, 40));
            return 0;
        });
        var read = (await province.ReadAsync<Organization>($"Organization/{created.Id}"))!;
        read.Name = name + " (sửa)";
        read.Identifier = [new Identifier(LicenceSystem, "QN-TYT-0428")];
        var updated = (await province.UpdateAsync(read, versionAware: true))!;
        Assert.NotEqual(read.Meta!.VersionId, updated.Meta!.VersionId);
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "facility.update" && e.EntityId == created.Id && e.Detail!.Contains("QN-TYT-0428"))));
        var after = await App.QueryAsync(db => db.Facilities.SingleAsync(f => f.Id == facility.Id));
        Assert.Equal((name + " (sửa)", "QN-TYT-0428", 40, "Thôn Đồng Tâm"), (after.Name, after.LicenceNumber, after.Capacity, after.Address));
        read.Name = "Ghi đè";
        await RefusedAsync(() => province.UpdateAsync(read, versionAware: true), HttpStatusCode.PreconditionFailed, "");

        // What AnSinh cannot keep, and what the caller may not do, is named.
        await RefusedAsync(() => province.CreateAsync(Facility("Cơ sở không loại", "Bệnh viện", ward, "X-1")), HttpStatusCode.UnprocessableEntity, "Organization.extension");
        // A kind written as type.text, as clients did before the extension, is still read.
        var older = Facility($"Trạm y tế xã thử kiểu cũ {Guid.NewGuid():N}"[..40], "", ward, "QN-TYT-0431");
        older.Extension.Clear();
        older.Type = [new CodeableConcept { Text = "Trạm y tế xã · Ngoài công lập" }];
        Assert.Equal("Trạm y tế xã · Ngoài công lập", (await province.CreateAsync(older))!.GetStringExtension(FacilityTypeExtension));
        // With both, the extension is the kind: words left in type.text do not mix in.
        var both = Facility($"Trạm y tế xã thử cả hai {Guid.NewGuid():N}"[..40], "Trạm y tế xã · Công lập", ward, "QN-TYT-0432");
        both.Type = [new CodeableConcept { Text = "Cơ sở trợ giúp xã hội · Ngoài công lập" }];
        Assert.Equal("Trạm y tế xã · Công lập", (await province.CreateAsync(both))!.GetStringExtension(FacilityTypeExtension));
        await RefusedAsync(() => province.CreateAsync(Facility("Cơ sở xã lạ", "Trạm y tế xã · Công lập", "99999", "X-2")), HttpStatusCode.UnprocessableEntity,
            "Organization.address");
        var hanoiWard = await CommuneAsync("01");
        await RefusedAsync(() => province.CreateAsync(Facility("Cơ sở ở Hà Nội", "Trạm y tế xã · Công lập", hanoiWard, "X-3")), HttpStatusCode.UnprocessableEntity,
            "Organization.address");
        var closed = Facility("Cơ sở đã đóng", "Trạm y tế xã · Công lập", ward, "X-4");
        closed.Active = false;
        await RefusedAsync(() => province.CreateAsync(closed), HttpStatusCode.UnprocessableEntity, "Organization.active");
        var clinician = await FhirAsync("demo.clinician");
        Assert.Equal(HttpStatusCode.Forbidden,
            (await Assert.ThrowsAsync<FhirOperationException>(() => clinician.CreateAsync(Facility("Cơ sở của điều dưỡng", "Trạm y tế xã · Công lập", ward, "X-5")))).Status);
        Assert.Equal(0, await App.QueryAsync(db => db.Facilities.CountAsync(f => f.LicenceNumber != null && f.LicenceNumber.StartsWith("X-"))));

        // Another province's facility is not found.
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        var theirs = Facility("Đổi tên cơ sở Hà Nội", "Cơ sở trợ giúp xã hội · Công lập", hanoiWard, "HN-1");
        theirs.Id = hanoi.ToString(System.Globalization.CultureInfo.InvariantCulture);
        theirs.Meta = new Meta { VersionId = "1" };
        await RefusedAsync(() => province.UpdateAsync(theirs, versionAware: true), HttpStatusCode.NotFound, "phạm vi");
    }

    [SkippableFact]
    public async Task A_new_station_and_its_nurse_arrive_in_one_transaction_and_the_nurse_sent_again_is_not_added_twice()
    {
        RequireProvider();
        var province = await FhirAsync("demo.province");
        var ward = await CommuneAsync("22");
        var name = $"Trạm y tế có điều dưỡng {Guid.NewGuid():N}"[..40];
        PractitionerRole Nurse(string organization, string certificate) => new()
        {
            Organization = new ResourceReference(organization),
            Practitioner = new ResourceReference("#p"),
            Contained =
            [
                new Practitioner
                {
                    Id = "p", Name = [new HumanName { Family = "Phan", Given = ["Thị", "Hằng"] }],
                    Qualification = [new Practitioner.QualificationComponent { Code = new CodeableConcept { Text = "Điều dưỡng" }, Identifier = [new Identifier { Value = certificate }] }],
                },
            ],
            Code = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/practitioner-role", "nurse")],
            Period = new Period { Start = Day(Today.AddMonths(-2)) },
        };

        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        // The role first in the Bundle: facilities are created before what names them.
        bundle.AddResourceEntry(Nurse("urn:uuid:5e1f0a20-0000-4000-8000-000000000001", "CCHN-QN-0042"), "urn:uuid:5e1f0a20-0000-4000-8000-000000000002")
            .Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "PractitionerRole" };
        bundle.AddResourceEntry(Facility(name, "Trạm y tế xã · Công lập", ward, "QN-TYT-0500"), "urn:uuid:5e1f0a20-0000-4000-8000-000000000001")
            .Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Organization" };
        var response = (await province.TransactionAsync(bundle))!;
        var facility = response.Entry[1].Resource!.Id!;
        var role = (PractitionerRole)response.Entry[0].Resource!;
        Assert.Equal(($"Organization/{facility}", "nurse"), (role.Organization!.Reference, role.Code.Single().Coding.Single().Code));
        var staff = await App.QueryAsync(db => db.StaffMembers.SingleAsync(s => s.FacilityId == int.Parse(facility)));
        Assert.Equal(("Phan Thị Hằng", Profession.Nurse, "CCHN-QN-0042", Today.AddMonths(-2)), (staff.FullName, staff.Profession, staff.PractisingCertificateNumber, staff.StartDate));
        var practitioner = (await province.ReadAsync<Practitioner>($"Practitioner/{role.Id}"))!;
        Assert.Equal("Phan Thị Hằng", practitioner.Name.Single().Text);

        // Sent again (a retry, or the next day's sync): the record kept, not a second nurse.
        var again = (await province.CreateAsync(Nurse($"Organization/{facility}", "CCHN-QN-0042")))!;
        Assert.Equal(role.Id, again.Id);
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "staff.create" && e.EntityId == role.Id)));
        // A certificate is one person's.
        var impostor = Nurse($"Organization/{facility}", "CCHN-QN-0042");
        ((Practitioner)impostor.Contained[0]).Name = [new HumanName { Text = "Trần Văn Khác" }];
        await RefusedAsync(() => province.CreateAsync(impostor), HttpStatusCode.UnprocessableEntity, "PractitionerRole.practitioner.qualification.identifier");
        Assert.Equal(1, await App.QueryAsync(db => db.StaffMembers.CountAsync(s => s.FacilityId == int.Parse(facility))));

        var pilot = Nurse($"Organization/{facility}", "CCHN-QN-0043");
        pilot.Code = [new CodeableConcept { Text = "Phi công" }];
        await RefusedAsync(() => province.CreateAsync(pilot), HttpStatusCode.UnprocessableEntity, "PractitionerRole.code");
        var unnamed = Nurse($"Organization/{facility}", "CCHN-QN-0044");
        unnamed.Contained.Clear();
        await RefusedAsync(() => province.CreateAsync(unnamed), HttpStatusCode.UnprocessableEntity, "PractitionerRole.practitioner");
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        await RefusedAsync(() => province.CreateAsync(Nurse($"Organization/{hanoi}", "CCHN-HN-0001")), HttpStatusCode.NotFound, "phạm vi");
        var clinician = await FhirAsync("demo.clinician");
        var clinicianFacility = await App.QueryAsync(db => db.Users.Where(u => u.UserName == "demo.clinician").Select(u => u.ScopeFacilityId!.Value).SingleAsync());
        Assert.Equal(HttpStatusCode.Forbidden,
            (await Assert.ThrowsAsync<FhirOperationException>(() => clinician.CreateAsync(Nurse($"Organization/{clinicianFacility}", "CCHN-QN-0045")))).Status);
        Assert.Equal(0, await App.QueryAsync(db => db.StaffMembers.CountAsync(s => s.PractisingCertificateNumber == "CCHN-QN-0045" || s.PractisingCertificateNumber == "CCHN-HN-0001")));

        // She leaves: her last day is written by PUT (period.end); a day before she started, another name or facility is refused.
        var leaving = (PractitionerRole)role.DeepCopy()!;
        leaving.Period = new Period { Start = Day(Today.AddMonths(-2)), End = Day(Today.AddMonths(-3)) };
        await RefusedAsync(() => province.UpdateAsync(leaving), HttpStatusCode.UnprocessableEntity, "trước ngày bắt đầu");
        leaving.Period.End = Day(Today);
        leaving.Practitioner = new ResourceReference($"Practitioner/{role.Id}", "Phan Thị Khác");
        await RefusedAsync(() => province.UpdateAsync(leaving), HttpStatusCode.UnprocessableEntity, "PractitionerRole.practitioner");
        leaving.Practitioner = role.Practitioner;
        leaving.Organization = new ResourceReference($"Organization/{hanoi}");
        await RefusedAsync(() => province.UpdateAsync(leaving), HttpStatusCode.UnprocessableEntity, "PractitionerRole.organization");
        leaving.Organization = role.Organization;
        leaving.Code = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/practitioner-role", "doctor")];
        await RefusedAsync(() => province.UpdateAsync(leaving), HttpStatusCode.UnprocessableEntity, "PractitionerRole.code");
        leaving.Code = role.Code;
        leaving.Practitioner = new ResourceReference($"Practitioner/{int.Parse(role.Id!) + 1}", role.Practitioner!.Display);
        await RefusedAsync(() => province.UpdateAsync(leaving), HttpStatusCode.UnprocessableEntity, "PractitionerRole.practitioner");
        leaving.Practitioner = role.Practitioner;
        // The demo clinician's scope is their own centre: this station's staff are not found.
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<FhirOperationException>(() => clinician.UpdateAsync(leaving))).Status);
        Assert.Null(await App.QueryAsync(db => db.StaffMembers.Where(s => s.Id == int.Parse(role.Id!)).Select(s => s.EndDate).SingleAsync()));
        var left = (await province.UpdateAsync(leaving))!;
        Assert.Equal(Day(Today), left.Period!.End);
        Assert.Equal(Today, await App.QueryAsync(db => db.StaffMembers.Where(s => s.Id == int.Parse(role.Id!)).Select(s => s.EndDate).SingleAsync()));
        Assert.True(await App.QueryAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "staff.end" && e.EntityId == role.Id)));
        // The same again changes nothing; sent back without an end it stays ended.
        Assert.Equal(Day(Today), (await province.UpdateAsync(left))!.Period!.End);
        left.Period.End = null;
        Assert.Equal(Day(Today), (await province.UpdateAsync(left))!.Period!.End);

        // Leaving days sent at once for one who has not left: the first is kept, the others find her gone.
        using var officer = await App.ClientForAsync("demo.province");
        var added = await officer.PostAsJsonAsync($"/api/facilities/{facility}/staff", new { fullName = "Vi Thị Ba Lần", profession = "Nurse", startDate = Day(Today.AddMonths(-6)) });
        var staffId = (await JsonAsync(added)).GetProperty("id").GetInt32();
        var ends = await Task.WhenAll(Enumerable.Range(1, 3).Select(d =>
            officer.PostAsJsonAsync($"/api/facilities/{facility}/staff/{staffId}/end", new { endDate = Day(Today.AddDays(-d)) })));
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], ends.Select(r => r.StatusCode).Order());
        Assert.Equal(1, await App.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Action == "staff.end" && e.EntityId == staffId.ToString())));

        // A Practitioner alone names no facility, and a Location is a facility's place: each says what to write instead.
        var alone = await Assert.ThrowsAsync<FhirOperationException>(() => province.CreateAsync(new Practitioner { Name = [new HumanName { Text = "Lò Văn Một Mình" }] }));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, alone.Status);
        Assert.Contains("PractitionerRole", alone.Outcome!.Issue.Single().Diagnostics, StringComparison.Ordinal);
        var place = await Assert.ThrowsAsync<FhirOperationException>(() => province.CreateAsync(new Location { Name = "Nhà khám mới" }));
        Assert.Contains("Organization", place.Outcome!.Issue.Single().Diagnostics, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFhirOrganizationWriteTests(SqliteAppFactory app) : FhirOrganizationWriteTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresFhirOrganizationWriteTests(PostgresAppFactory app) : FhirOrganizationWriteTests(app);
