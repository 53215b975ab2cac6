using System.Globalization;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace AnSinh.Browser.Tests;

/// <summary>
/// Every form of the site is submitted in Chromium once with valid and once with invalid data.
/// <see cref="Forms"/> lists each form with the test that submits it; a form found in the source
/// without an entry fails <see cref="Every_form_in_the_source_has_a_browser_test"/>.
/// </summary>
public sealed partial class EveryFormTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture fixture = fixture.TracingTo(output);

    /// <summary>Form (razor file#form name, or file#get/post target for plain forms) → the test that submits it valid and invalid.</summary>
    public static readonly IReadOnlyDictionary<string, string> Forms = new Dictionary<string, string>
    {
        ["Login.razor#/account/login"] = nameof(Login_refuses_a_wrong_password_and_accepts_the_right_one),
        ["MainLayout.razor#/logout"] = nameof(Login_refuses_a_wrong_password_and_accepts_the_right_one), // no input: signs out
        ["Home.razor#/beneficiaries"] = nameof(Search_finds_by_unaccented_name_and_says_when_nothing_matches),
        ["BeneficiarySearch.razor#/beneficiaries"] = nameof(Search_finds_by_unaccented_name_and_says_when_nothing_matches),
        ["BeneficiaryForm.razor#beneficiary"] = "RegistrationTests.Nurse_registers_a_person_with_two_categories_after_fixing_a_bad_national_id",
        ["EncounterForm.razor#encounter"] = nameof(Check_form_reads_decimal_commas_and_refuses_grouped_numbers),
        ["AdmitForm.razor#admit"] = nameof(Admit_transfer_and_discharge_forms_refuse_bad_input_and_save_good_input),
        ["TransferForm.razor#/get"] = nameof(Admit_transfer_and_discharge_forms_refuse_bad_input_and_save_good_input),
        ["TransferForm.razor#transfer"] = nameof(Admit_transfer_and_discharge_forms_refuse_bad_input_and_save_good_input),
        ["DischargeForm.razor#discharge"] = nameof(Admit_transfer_and_discharge_forms_refuse_bad_input_and_save_good_input),
        ["FacilityForm.razor#facility"] = nameof(Facility_and_staff_forms_refuse_bad_input_and_save_good_input),
        ["FacilityForm.razor#/get"] = nameof(An_administrator_places_a_facility_by_choosing_the_province_by_name),
        ["StaffForm.razor#staff"] = nameof(Facility_and_staff_forms_refuse_bad_input_and_save_good_input),
        ["FacilityPage.razor#training"] = nameof(Training_and_equipment_forms_read_numbers_the_vi_VN_way),
        ["FacilityPage.razor#equipment"] = nameof(Training_and_equipment_forms_read_numbers_the_vi_VN_way),
        ["FacilityPage.razor#end-staff-"] = nameof(Training_and_equipment_forms_read_numbers_the_vi_VN_way),
        ["FacilityPage.razor#techniques"] = "FacilityTechniquesTests.Admin_uploads_a_catalog_and_the_manager_confirms_techniques",
        ["TechniqueCatalogPage.razor#technique-catalog"] = "FacilityTechniquesTests.Admin_uploads_a_catalog_and_the_manager_confirms_techniques",
        ["ReadinessPage.razor#readiness"] = nameof(Readiness_refuses_a_bad_date_and_saves_with_a_typed_one),
        ["PlansPage.razor#task-"] = nameof(Plan_task_progress_needs_a_note_or_a_status),
        ["AnnualReportPage.razor#report-texts"] = nameof(Report_texts_refuse_too_long_text_and_save),
        ["MonitoringPage.razor#/monitoring"] = nameof(Monitoring_shows_a_unit_and_says_when_a_unit_is_unknown),
        ["EntitlementsPage.razor#entitlement"] = nameof(Entitlement_forms_refuse_bad_dates_and_overlaps_and_save),
        ["EntitlementsPage.razor#end-"] = nameof(Entitlement_forms_refuse_bad_dates_and_overlaps_and_save),
        ["EntitlementImportPage.razor#entitlement-import"] = nameof(Entitlement_forms_refuse_bad_dates_and_overlaps_and_save),
        ["ImportsPage.razor#beneficiary-import"] = nameof(A_beneficiary_sheet_with_a_bad_row_is_listed_and_the_fixed_one_imports_with_progress),
        ["ScreeningForm.razor#screening"] = nameof(Screening_referral_and_problem_forms_refuse_bad_input_and_save),
        ["ScreeningForm.razor#/get"] = nameof(Screening_referral_and_problem_forms_refuse_bad_input_and_save), // the instrument picker
        ["ReferralsPage.razor#referral"] = nameof(Screening_referral_and_problem_forms_refuse_bad_input_and_save),
        ["ReferralsPage.razor#outcome-"] = nameof(Screening_referral_and_problem_forms_refuse_bad_input_and_save),
        ["ProblemsPage.razor#resolve-"] = nameof(Screening_referral_and_problem_forms_refuse_bad_input_and_save),
        ["AuditPage.razor#/get"] = nameof(The_auditor_filters_the_trail_and_downloads_it),
        ["AccountPage.razor#change-password"] = nameof(A_user_changes_their_password_and_other_browsers_are_signed_out),
        ["AccountPage.razor#sign-out-elsewhere"] = nameof(A_user_changes_their_password_and_other_browsers_are_signed_out), // no input
        ["UsersPage.razor#new-user"] = nameof(An_administrator_creates_rescopes_resets_and_disables_an_account),
        ["ClientsPage.razor#new-client"] = nameof(An_administrator_registers_a_system_renews_its_secret_and_revokes_it),
        ["ClientsPage.razor#client-actions"] = nameof(An_administrator_registers_a_system_renews_its_secret_and_revokes_it),
        ["UserPage.razor#user-access"] = nameof(An_administrator_creates_rescopes_resets_and_disables_an_account),
        ["UserPage.razor#user-password"] = nameof(An_administrator_creates_rescopes_resets_and_disables_an_account),
        ["UserPage.razor#user-status"] = nameof(An_administrator_creates_rescopes_resets_and_disables_an_account), // refuses disabling oneself
        ["UserPage.razor#user-sign-out"] = nameof(An_administrator_creates_rescopes_resets_and_disables_an_account), // no input
        ["UserPage.razor#user-two-factor"] = nameof(An_officer_sets_up_two_factor_sign_in_and_then_signs_in_with_a_code), // no input
        ["TwoFactorPage.razor#two-factor-enable"] = nameof(An_officer_sets_up_two_factor_sign_in_and_then_signs_in_with_a_code),
        ["TwoFactorPage.razor#two-factor-manage"] = nameof(An_officer_sets_up_two_factor_sign_in_and_then_signs_in_with_a_code),
        ["LoginCode.razor#/account/login/code"] = nameof(An_officer_sets_up_two_factor_sign_in_and_then_signs_in_with_a_code),
        ["MedicinesPage.razor#order"] = nameof(A_doctor_orders_a_medicine_and_the_nurse_records_the_dose_on_the_round),
        ["MedicinesPage.razor#allergy"] = nameof(A_doctor_orders_a_medicine_and_the_nurse_records_the_dose_on_the_round),
        ["MedicinesPage.razor#stop-"] = nameof(A_doctor_orders_a_medicine_and_the_nurse_records_the_dose_on_the_round),
        ["RoundPage.razor#round"] = nameof(A_doctor_orders_a_medicine_and_the_nurse_records_the_dose_on_the_round),
        ["RoundPage.razor#/get"] = nameof(A_doctor_orders_a_medicine_and_the_nurse_records_the_dose_on_the_round), // the date and round picker
        ["ImmunizationsPage.razor#immunization"] = nameof(A_doctor_orders_a_medicine_and_the_nurse_records_the_dose_on_the_round),
        ["ImmunizationsPage.razor#retract-"] = nameof(A_doctor_orders_a_medicine_and_the_nurse_records_the_dose_on_the_round),
        ["MedicinesPage.razor#end-allergy-"] = nameof(A_doctor_orders_a_medicine_and_the_nurse_records_the_dose_on_the_round),
        ["ChartPage.razor#strike-"] = nameof(A_reading_typed_wrong_is_struck_out_on_the_chart_with_its_reason),
        ["ChartPage.razor#strike-screening"] = nameof(A_screening_entered_twice_is_struck_out_on_the_chart_with_its_reason),
        ["ChartPage.razor#strike-visit"] = nameof(A_visit_recorded_for_the_wrong_person_is_struck_out_on_the_chart_with_its_readings),
        ["ProblemsPage.razor#strike-condition"] = nameof(A_diagnosis_entered_in_error_is_struck_out_on_the_problems_page),
        ["ChronicSection.razor#enrol-"] = nameof(Chronic_register_and_rehabilitation_forms_refuse_bad_input_and_save),
        ["ChronicSection.razor#end-enrolment-"] = nameof(Chronic_register_and_rehabilitation_forms_refuse_bad_input_and_save),
        ["ChronicRegisterPage.razor#/get"] = nameof(Chronic_register_and_rehabilitation_forms_refuse_bad_input_and_save), // the disease filter
        ["Worklist.razor#/"] = "ClinicianJourneyTests." + nameof(ClinicianJourneyTests.A_nurse_records_a_phq9_with_item_9_sees_the_urgent_alert_first_opens_the_person_and_resolves_it_with_a_note),
        ["Worklist.razor#alerts"] = "ClinicianJourneyTests." + nameof(ClinicianJourneyTests.A_nurse_records_a_phq9_with_item_9_sees_the_urgent_alert_first_opens_the_person_and_resolves_it_with_a_note),
        ["RehabPage.razor#plan"] = nameof(Chronic_register_and_rehabilitation_forms_refuse_bad_input_and_save),
        ["RehabPage.razor#session"] = nameof(Chronic_register_and_rehabilitation_forms_refuse_bad_input_and_save),
        ["RehabPage.razor#goal-"] = nameof(Chronic_register_and_rehabilitation_forms_refuse_bad_input_and_save),
        ["RehabPage.razor#close-plan"] = nameof(Chronic_register_and_rehabilitation_forms_refuse_bad_input_and_save),
        ["RehabPage.razor#device"] = nameof(Chronic_register_and_rehabilitation_forms_refuse_bad_input_and_save),
        ["RehabPage.razor#return-"] = nameof(Chronic_register_and_rehabilitation_forms_refuse_bad_input_and_save),
    };

    private static string TodayVi => TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh"))
        .ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static async Task ExpectFieldErrorAsync(IPage page, string field, string contains) =>
        await Assertions.Expect(page.Locator($".field-error[data-field='{field}']")).ToContainTextAsync(contains);

    private async Task<int> NewPersonAsync(string name)
    {
        using var clinician = await fixture.App.ClientForAsync("demo.clinician");
        var response = await clinician.PostAsJsonAsync("/api/beneficiaries", new
        {
            fullName = name, sex = "Female", birthDate = "1945-07-20",
            categories = new[] { new { kind = "Elderly", from = "2010-01-01" } },
        });
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
    }

    /// <summary>The outcome of a save must be where the user is looking, not above the fold they scrolled past.</summary>
    private static async Task ExpectInViewAsync(ILocator locator)
    {
        await locator.WaitForAsync();
        await Assertions.Expect(locator).ToBeInViewportAsync();
    }

    private Task<int> FacilityIdAsync(string startsWith) =>
        fixture.App.QueryAsync(db => Task.FromResult(db.Facilities.Where(f => f.Name.StartsWith(startsWith)).Select(f => f.Id).First()));

    [Fact]
    public void Every_form_in_the_source_has_a_browser_test()
    {
        var root = Web.Tests.TestPaths.RepositoryRoot();

        Assert.NotNull(root);
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root.FullName, "src"), "*.razor", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            var name = Path.GetFileName(file);
            found.AddRange(EditFormName().Matches(text).Select(m => $"{name}#{m.Groups[1].Value}"));
            foreach (Match form in PlainForm().Matches(text))
            {
                var tag = form.Value;
                var formName = FormNameAttribute().Match(tag);
                var action = ActionAttribute().Match(tag);
                found.Add(formName.Success ? $"{name}#{formName.Groups[1].Value}"
                    : action.Success ? $"{name}#{action.Groups[1].Value}" : $"{name}#/{(tag.Contains("method=\"get\"", StringComparison.Ordinal) ? "get" : "post")}");
            }
        }

        var missing = found.Distinct().Where(f => !Forms.ContainsKey(f)).ToList();
        Assert.True(missing.Count == 0, "Forms without a browser test: " + string.Join(", ", missing));
        var tests = typeof(EveryFormTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods().Select(m => t == typeof(EveryFormTests) ? m.Name : $"{t.Name}.{m.Name}"))
            .ToHashSet();
        Assert.All(Forms.Values, test => Assert.Contains(test, tests));
    }

    [SkippableFact]
    public async Task Login_refuses_a_wrong_password_and_accepts_the_right_one()
    {
        BrowserFixture.SkipUnlessAvailable();
        var context = await fixture.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.App.ServerAddress.ToString(), Locale = "vi-VN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#username", "demo.national");
        await page.FillAsync("#password", "sai-mat-khau");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator(".form-errors")).ToContainTextAsync("Tên đăng nhập hoặc mật khẩu không đúng.");

        await page.FillAsync("#username", "demo.national");
        await page.FillAsync("#password", Web.Tests.AnSinhAppFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("[data-testid=current-user]")).ToBeVisibleAsync();

        // A click before Blazor has started can be lost (a clean-clone CI run: no request left the browser).
        await BrowserFixture.ReadyAsync(page);
        await page.ClickAsync("text=Đăng xuất");
        await page.WaitForURLAsync(new Regex("/login"));
        await page.GotoAsync("/beneficiaries");
        await page.WaitForURLAsync(new Regex("/login"));
    }

    [SkippableFact]
    public async Task Search_finds_by_unaccented_name_and_says_when_nothing_matches()
    {
        BrowserFixture.SkipUnlessAvailable();
        var page = await fixture.SignedInPageAsync("demo.clinician", "/");
        await page.FillAsync("form.searchbar input[name=q]", "nguyen van an");
        await page.ClickAsync("form.searchbar button[type=submit]");
        await Assertions.Expect(page.Locator("[data-testid=search-results]")).ToContainTextAsync("Nguyễn Văn An");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=download-xlsx]"));
        Assert.Equal("tim-kiem-doi-tuong.xlsx", download.SuggestedFilename);

        await page.FillAsync("[data-testid=search-input]", "khong co ai ten nay");
        await page.ClickAsync("[data-testid=search-button]");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Tìm thấy 0 người");
    }

    [SkippableFact]
    public async Task Check_form_reads_decimal_commas_and_refuses_grouped_numbers()
    {
        BrowserFixture.SkipUnlessAvailable();
        var person = await NewPersonAsync("Trần Thị Thập Phân");
        var page = await fixture.SignedInPageAsync("demo.clinician", $"/beneficiaries/{person}/encounters/new?kind=PeriodicCheck");

        // Invalid: a grouped number and an empty check.
        await page.FillAsync("#temperature", "1.234,5");
        await page.ClickAsync("[data-testid=save-encounter]");
        await ExpectFieldErrorAsync(page, "observations.8310-5", "không phải là một số đọc được");
        await page.FillAsync("#temperature", "");
        await page.ClickAsync("[data-testid=save-encounter]");
        await ExpectFieldErrorAsync(page, "observations", "ít nhất một chỉ số sinh tồn");
        await ExpectFieldErrorAsync(page, "classification", "Chọn phân loại sức khỏe");

        // Valid: decimal commas, a typed date.
        await page.FillAsync("#date", TodayVi);
        await page.FillAsync("#temperature", "37,5");
        await page.FillAsync("#weight", "54,5");
        await page.FillAsync("#glucose", "6,8");
        await page.SelectOptionAsync("#classification", "II");
        await page.ClickAsync("[data-testid=save-encounter]");
        await page.WaitForURLAsync(new Regex($"/beneficiaries/{person}\\?saved=encounter$"));
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã lưu");
        await ExpectInViewAsync(page.Locator("[data-testid=saved-notice]"));
        var latest = page.Locator("[data-testid=latest-vitals]");
        await Assertions.Expect(latest.Locator("[data-code='8310-5']")).ToContainTextAsync("37,5");
        await Assertions.Expect(latest.Locator("[data-code='29463-7']")).ToContainTextAsync("54,5");
        await Assertions.Expect(latest.Locator("[data-code='2339-0']")).ToContainTextAsync("6,8");

        var stored = await fixture.App.QueryAsync(db => Task.FromResult(db.Observations
            .Where(o => o.BeneficiaryId == person).ToDictionary(o => o.Code, o => o.Value)));
        Assert.Equal(37.5m, stored["8310-5"]);
        Assert.Equal(54.5m, stored["29463-7"]);
        Assert.Equal(6.8m, stored["2339-0"]);
    }

    [SkippableFact]
    public async Task Admit_transfer_and_discharge_forms_refuse_bad_input_and_save_good_input()
    {
        BrowserFixture.SkipUnlessAvailable();
        var person = await NewPersonAsync("Đỗ Thị Chuyển Cơ Sở");
        var page = await fixture.SignedInPageAsync("demo.clinician", $"/beneficiaries/{person}/admit");

        await page.FillAsync("#admittedOn", "31/02/2026");
        await page.ClickAsync("[data-testid=save-admit]");
        await ExpectFieldErrorAsync(page, "admittedOn", "không phải là ngày hợp lệ");
        await page.FillAsync("#admittedOn", TodayVi);
        await page.ClickAsync("[data-testid=save-admit]");
        if (await page.Locator("text=Tôi xác nhận tiếp nhận vượt công suất").CountAsync() > 0)
        {
            await page.CheckAsync("input[type=checkbox]");
            await page.ClickAsync("[data-testid=save-admit]");
        }

        await page.WaitForURLAsync(new Regex($"/beneficiaries/{person}\\?saved=admit$"));

        // Transfer: nothing chosen is refused; a facility of another province is found by name and area.
        await page.ClickAsync("a[href$='/transfer']");
        await page.WaitForURLAsync(new Regex("/transfer"));
        var current = await fixture.App.QueryAsync(db => Task.FromResult(db.Stays.Where(s => s.BeneficiaryId == person && s.DischargedOn == null).Select(s => s.FacilityId).Single()));
        await Assertions.Expect(page.Locator($"#to option[value='{current}']")).ToHaveCountAsync(0); // not a destination
        await page.ClickAsync("[data-testid=save-transfer]");
        await ExpectFieldErrorAsync(page, "toFacilityId", "");
        await page.FillAsync("[data-testid=facility-search] input[name=q]", "ha noi");
        await page.ClickAsync("[data-testid=facility-search] button");
        var option = page.Locator("#to option", new PageLocatorOptions { HasTextRegex = new Regex("Hà Nội") }).First;
        await page.SelectOptionAsync("#to", (await option.GetAttributeAsync("value"))!);
        await page.FillAsync("#date", TodayVi);
        await page.ClickAsync("[data-testid=save-transfer]");
        if (await page.Locator("text=Tôi xác nhận tiếp nhận vượt công suất").CountAsync() > 0)
        {
            await page.CheckAsync("input[type=checkbox]");
            await page.ClickAsync("[data-testid=save-transfer]");
        }

        await page.WaitForURLAsync(new Regex($"/beneficiaries/{person}\\?saved=transfer$"));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Hà Nội");

        // Discharge from the new facility, as an administrator (the receiver owns the record now).
        var stay = await fixture.App.QueryAsync(db => Task.FromResult(db.Stays.Where(s => s.BeneficiaryId == person && s.DischargedOn == null).Select(s => s.Id).Single()));
        var admin = await fixture.SignedInPageAsync("demo.admin", $"/stays/{stay}/discharge");
        await admin.FillAsync("#dischargedOn", TodayVi);
        await admin.ClickAsync("[data-testid=save-discharge]");
        await ExpectFieldErrorAsync(admin, "reason", "");
        await admin.SelectOptionAsync("#reason", "ReturnedHome");
        await admin.ClickAsync("[data-testid=save-discharge]");
        await admin.WaitForURLAsync(new Regex($"/beneficiaries/{person}\\?saved=discharge$"));
        await Assertions.Expect(admin.Locator("main")).ToContainTextAsync("Về gia đình");
    }

    [SkippableFact]
    public async Task Facility_and_staff_forms_refuse_bad_input_and_save_good_input()
    {
        BrowserFixture.SkipUnlessAvailable();
        var page = await fixture.SignedInPageAsync("demo.province", "/facilities/new");
        await page.FillAsync("#name", "Trung tâm thử biểu mẫu");
        await page.SelectOptionAsync("#type", "SocialAssistance");
        var commune = await page.Locator("#unit option").Nth(1).GetAttributeAsync("value");
        await page.SelectOptionAsync("#unit", commune!);
        await page.FillAsync("#capacity", "một trăm");
        await page.FillAsync("#opened", "01/01/2020");
        await page.ClickAsync("[data-testid=save-facility]");
        await ExpectFieldErrorAsync(page, "capacity", "không phải là một số nguyên");

        await page.FillAsync("#capacity", "120");
        await page.ClickAsync("[data-testid=save-facility]");
        await page.WaitForURLAsync(new Regex(@"/facilities/\d+\?saved=facility$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Trung tâm thử biểu mẫu");
        var facilityPath = new Uri(page.Url).AbsolutePath;

        await page.GotoAsync(facilityPath + "/staff/new");
        await page.FillAsync("#fullName", "Nguyễn Thị Điều Dưỡng");
        await page.SelectOptionAsync("#profession", "Nurse");
        await page.FillAsync("#start", "01/06/2024");
        await page.FillAsync("#end", "01/01/2024");
        await page.ClickAsync("[data-testid=save-staff]");
        await ExpectFieldErrorAsync(page, "endDate", "");
        await page.FillAsync("#end", "");
        await page.ClickAsync("[data-testid=save-staff]");
        await page.WaitForURLAsync(new Regex(@"/facilities/\d+\?saved=staff$"));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Nguyễn Thị Điều Dưỡng");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("01/06/2024");
    }

    [SkippableFact]
    public async Task Training_and_equipment_forms_read_numbers_the_vi_VN_way()
    {
        BrowserFixture.SkipUnlessAvailable();
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var page = await fixture.SignedInPageAsync("demo.manager", $"/facilities/{facility}");

        await page.FillAsync("#course", "Tập huấn sơ cứu");
        await page.FillAsync("#trainingStart", "02/03/2026");
        await page.FillAsync("#hours", "1.234,5");
        await page.FillAsync("#participants", "12");
        await page.ClickAsync("[data-testid=save-training]");
        await ExpectFieldErrorAsync(page, "hours", "không phải là một số đọc được");
        await page.FillAsync("#hours", "7,5");
        await page.ClickAsync("[data-testid=save-training]");
        var row = page.Locator("tr", new PageLocatorOptions { HasText = "Tập huấn sơ cứu" });
        await Assertions.Expect(row).ToContainTextAsync("02/03/2026");
        await Assertions.Expect(row).ToContainTextAsync("7,5");

        await page.FillAsync("#equipmentName", "Máy đo đường huyết");
        await page.FillAsync("#quantity", "0");
        await page.ClickAsync("[data-testid=save-equipment]");
        await ExpectFieldErrorAsync(page, "quantity", "Số lượng phải từ 1");
        await page.FillAsync("#quantity", "3");
        await page.FillAsync("#acquired", "5/3/2025");
        await page.ClickAsync("[data-testid=save-equipment]");
        var equipment = page.Locator("tr", new PageLocatorOptions { HasText = "Máy đo đường huyết" });
        await Assertions.Expect(equipment).ToContainTextAsync("05/03/2025");

        // A nurse leaves: a last day before she started is refused (what was typed stays); today is recorded.
        using var manager = await fixture.App.ClientForAsync("demo.manager");
        var added = await manager.PostAsJsonAsync($"/api/facilities/{facility}/staff", new { fullName = "Lò Thị Nghỉ Việc", profession = "Nurse", startDate = "2025-01-06" });
        added.EnsureSuccessStatusCode();
        var staff = JsonDocument.Parse(await added.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        await page.GotoAsync($"/facilities/{facility}");
        await OpenAsync(page.Locator($"[data-staff='{staff}'] details"));
        await page.FillAsync($"#se-{staff}", "31/12/2024");
        await page.ClickAsync($"[data-testid=end-staff-{staff}]");
        await Assertions.Expect(page.Locator($"[data-staff='{staff}'] .form-errors")).ToContainTextAsync("trước ngày bắt đầu làm việc (06/01/2025)");
        await Assertions.Expect(page.Locator($"#se-{staff}")).ToHaveValueAsync("31/12/2024");
        await page.FillAsync($"#se-{staff}", TodayVi);
        await page.ClickAsync($"[data-testid=end-staff-{staff}]");
        await Assertions.Expect(page.Locator("[data-testid=staff-ended]")).ToContainTextAsync("Lò Thị Nghỉ Việc");
        await Assertions.Expect(page.Locator($"[data-staff='{staff}']")).ToContainTextAsync(TodayVi);
    }

    [SkippableFact]
    public async Task Readiness_refuses_a_bad_date_and_saves_with_a_typed_one()
    {
        BrowserFixture.SkipUnlessAvailable();
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var page = await fixture.SignedInPageAsync("demo.manager", $"/facilities/{facility}/readiness");
        Assert.Equal(TodayVi, await page.InputValueAsync("#date"));

        await page.FillAsync("#date", "32/11/2026");
        await page.ClickAsync("[data-testid=save-readiness]");
        await ExpectFieldErrorAsync(page, "date", "không phải là ngày hợp lệ");

        await page.FillAsync("#date", TodayVi);
        await page.FillAsync("#assessor", "Trưởng phòng Y tế");
        foreach (var select in await page.Locator("select[name^=Met_]").AllAsync())
        {
            await select.SelectOptionAsync("true");
        }

        await page.ClickAsync("[data-testid=save-readiness]");
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("Đã lưu kết quả đánh giá.");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Trưởng phòng Y tế");
    }

    [SkippableFact]
    public async Task Plan_task_progress_needs_a_note_or_a_status()
    {
        BrowserFixture.SkipUnlessAvailable();
        var page = await fixture.SignedInPageAsync("demo.province", "/plans");
        await page.Locator("details").First.EvaluateAsync("d => d.open = true");
        // A target's basis is the plan's own words and article, not a seed file and line.
        var plans = await page.InnerTextAsync("main");
        Assert.DoesNotContain(".txt:", plans);
        Assert.Contains("mục II.2 (Mục tiêu cụ thể)", plans); // Quảng Ninh plan 254/KH-UBND
        Assert.Contains("«", plans);
        // A task far down the page: the message at the top must come into view.
        var button = page.Locator("details[open] [data-testid^=save-task-]").Nth(6);
        await button.ClickAsync();
        await Assertions.Expect(page.Locator(".form-errors")).ToContainTextAsync("Nhập nội dung tiến độ hoặc chọn tình trạng mới.");
        await ExpectInViewAsync(page.Locator(".form-errors"));

        button = page.Locator("[data-testid^=save-task-]").First;
        var form = page.Locator("form", new PageLocatorOptions { Has = button }).First;
        await page.Locator("details").First.EvaluateAsync("d => d.open = true");
        await form.Locator("input[name=Note]").FillAsync("Đã tổ chức hội nghị triển khai");
        await form.Locator("select[name=Status]").SelectOptionAsync("InProgress");
        await button.ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("Đã cập nhật tiến độ.");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Đã tổ chức hội nghị triển khai");
    }

    [SkippableFact]
    public async Task Report_texts_refuse_too_long_text_and_save()
    {
        BrowserFixture.SkipUnlessAvailable();
        var year = DateTime.UtcNow.Year - 1;
        var page = await fixture.SignedInPageAsync("demo.province", $"/reports/annual?unit=22&year={year}");
        await page.FillAsync("#difficulties", new string('x', 8001));
        await page.ClickAsync("[data-testid=save-texts]");
        await ExpectFieldErrorAsync(page, "difficulties", "không được dài quá 8.000 ký tự");

        // A colleague opens the same report before the save below.
        var colleague = await fixture.SignedInPageAsync("demo.province", $"/reports/annual?unit=22&year={year}");
        await page.FillAsync("#difficulties", "Thiếu bác sĩ tại các cơ sở tuyến huyện.");
        await page.ClickAsync("[data-testid=save-texts]");
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("Đã lưu");
        // A second save from the same page starts from the first one.
        await page.FillAsync("#difficulties", "Thiếu bác sĩ tại các cơ sở tuyến xã.");
        // The notice of the first save is still on the page: wait for this save's answer instead.
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("[data-testid=save-texts]"), r => r.Request.Method == "POST");
        await Assertions.Expect(page.Locator(".form-errors")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("Đã lưu");
        // The colleague's save would overwrite it: refused, with what to do.
        await colleague.FillAsync("#difficulties", "Bản của người khác");
        await colleague.ClickAsync("[data-testid=save-texts]");
        await Assertions.Expect(colleague.Locator(".form-errors")).ToContainTextAsync("tải lại trang");
        await page.ReloadAsync();
        Assert.Equal("Thiếu bác sĩ tại các cơ sở tuyến xã.", await page.InputValueAsync("#difficulties"));
    }

    [SkippableFact]
    public async Task Monitoring_shows_a_unit_and_says_when_a_unit_is_unknown()
    {
        BrowserFixture.SkipUnlessAvailable();
        var page = await fixture.SignedInPageAsync("demo.national", "/monitoring");
        // By name, without diacritics; never by code.
        await page.FillAsync("[data-testid=area-input]", "quang ninh");
        await page.ClickAsync("form.searchbar button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Quảng Ninh");
        Assert.Equal("Quảng Ninh", await page.InputValueAsync("[data-testid=area-input]"));

        await page.FillAsync("[data-testid=area-input]", "Không Có Tỉnh Này");
        await page.ClickAsync("form.searchbar button[type=submit]");
        await Assertions.Expect(page.Locator(".form-errors")).ToContainTextAsync("Không tìm thấy địa bàn nào tên");

        // The tree: both eras, marked; a former province opens on its last whole year; a province's communes unfold.
        await page.ClickAsync("[data-testid=area-tree] summary");
        await Assertions.Expect(page.Locator("[data-testid=area-tree]")).ToContainTextAsync("Trước 01/07/2025");
        await page.ClickAsync("[data-testid=area-tree] a:text-is('Tỉnh Ninh Thuận')");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Ninh Thuận");
        Assert.Equal("2024", await page.InputValueAsync("select[name=year]"));
        await page.ClickAsync("[data-testid=area-tree] summary");
        var quangNinh = page.Locator("[data-testid=area-tree] li", new PageLocatorOptions { Has = page.Locator("a:text-is('Quảng Ninh')") }).First;
        await quangNinh.Locator("a.muted").ClickAsync();
        var commune = page.Locator("[data-testid=area-children] a").First;
        var name = (await commune.InnerTextAsync()).Trim();
        await commune.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(name);
    }

    [SkippableFact]
    public async Task An_administrator_places_a_facility_by_choosing_the_province_by_name()
    {
        BrowserFixture.SkipUnlessAvailable();
        var page = await fixture.SignedInPageAsync("demo.admin", "/facilities/new");
        Assert.Equal(1, await page.Locator("#unit option").CountAsync()); // nothing to choose before a province
        await page.ClickAsync("[data-testid=province-picker] button");
        Assert.Equal(1, await page.Locator("#unit option").CountAsync()); // no province chosen: still nothing
        await page.SelectOptionAsync("#province", new SelectOptionValue { Label = "Quảng Ninh" });
        await page.ClickAsync("[data-testid=province-picker] button");
        await Assertions.Expect(page.Locator("#unit option")).Not.ToHaveCountAsync(1);
        await page.FillAsync("#name", "Cơ sở do quản trị tạo");
        await page.SelectOptionAsync("#type", "SocialAssistance");
        await page.SelectOptionAsync("#unit", new SelectOptionValue { Index = 1 });
        await page.FillAsync("#capacity", "30");
        await page.ClickAsync("[data-testid=save-facility]");
        await page.WaitForURLAsync(new Regex(@"/facilities/\d+\?saved=facility$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Cơ sở do quản trị tạo");
    }

    [SkippableFact]
    public async Task Entitlement_forms_refuse_bad_dates_and_overlaps_and_save()
    {
        BrowserFixture.SkipUnlessAvailable();
        var person = await NewPersonAsync("Phùng Thị Chế Độ");
        var page = await fixture.SignedInPageAsync("demo.clinician", $"/beneficiaries/{person}/entitlements");
        await page.SelectOptionAsync("#kind", "MonthlyAllowance");
        await page.FillAsync("#from", "31/02/2025");
        await page.ClickAsync("[data-testid=save-entitlement]");
        await ExpectFieldErrorAsync(page, "from", "không phải là ngày hợp lệ");
        await page.FillAsync("#from", "01/03/2025");
        await page.FillAsync("#decision", "45/QĐ-UBND");
        await page.ClickAsync("[data-testid=save-entitlement]");
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã ghi chế độ.");
        await Assertions.Expect(page.Locator("[data-testid=entitlements]")).ToContainTextAsync("45/QĐ-UBND");

        // The same kind again, overlapping: refused with the reason.
        await page.SelectOptionAsync("#kind", "MonthlyAllowance");
        await page.FillAsync("#from", "01/06/2025");
        await page.ClickAsync("[data-testid=save-entitlement]");
        await ExpectFieldErrorAsync(page, "from", "kết thúc chế độ cũ trước");

        // End it: a bad date first.
        var end = page.Locator("[data-testid^=end-]").First;
        var form = page.Locator("form", new PageLocatorOptions { Has = end }).First;
        await form.Locator("input[name=To]").FillAsync("hôm qua");
        await end.ClickAsync();
        await Assertions.Expect(page.Locator(".form-errors")).ToContainTextAsync("không phải là ngày hợp lệ");
        end = page.Locator("[data-testid^=end-]").First;
        form = page.Locator("form", new PageLocatorOptions { Has = end }).First;
        await form.Locator("input[name=To]").FillAsync("30/09/2025");
        await end.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã ghi ngày thôi hưởng.");
        await Assertions.Expect(page.Locator("[data-testid=entitlements]")).ToContainTextAsync("30/09/2025");

        // The import page: a file with a bad row changes nothing; a good one is taken whole.
        var cccd = await fixture.App.QueryAsync(db => Task.FromResult(db.Beneficiaries.Where(b => b.Id == person).Select(b => b.NationalId).Single()));
        var nationalId = cccd ?? await SetNationalIdAsync(person);
        await page.GotoAsync("/entitlements/import");
        var bad = Path.Combine(Path.GetTempPath(), $"cd-bad-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(bad, $"cccd,kind,from,to,decision_number\n{nationalId},Bảo hiểm y tế,01/01/2026,,\n000000000000,Bảo hiểm y tế,01/01/2026,,\n");
        await page.SetInputFilesAsync("#file", bad);
        await page.ClickAsync("[data-testid=import-entitlements]");
        await Assertions.Expect(page.Locator("[data-testid=row-errors]")).ToContainTextAsync("Dòng 3: không có đối tượng có số CCCD");
        var good = Path.Combine(Path.GetTempPath(), $"cd-good-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(good, $"cccd,kind,from,to,decision_number\n{nationalId},Bảo hiểm y tế,01/01/2026,,\n");
        await page.SetInputFilesAsync("#file", good);
        await page.ClickAsync("[data-testid=import-entitlements]");
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã nhập 1 chế độ.");
        File.Delete(bad);
        File.Delete(good);
    }

    [SkippableFact]
    public async Task A_beneficiary_sheet_with_a_bad_row_is_listed_and_the_fixed_one_imports_with_progress()
    {
        BrowserFixture.SkipUnlessAvailable();
        var page = await fixture.SignedInPageAsync("demo.clinician", "/imports");
        const string header = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Nhóm đối tượng,Thuộc nhóm từ ngày\n";
        var serial = Random.Shared.Next(100_000, 880_000);
        string Row(int i, string born) => $"Trịnh Văn Tệp {i},Nam,{born},095050{serial + i:D6},Người cao tuổi,01/05/2010\n";

        // No file: the form says so.
        await page.ClickAsync("[data-testid=start-import]");
        await ExpectFieldErrorAsync(page, "file", "Chọn tệp");

        var bad = Path.Combine(Path.GetTempPath(), $"dt-bad-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(bad, header + Row(0, "12/04/1950") + Row(1, "31/02/1950"));
        await page.SetInputFilesAsync("#file", bad);
        await page.ClickAsync("[data-testid=start-import]");
        await Assertions.Expect(page.Locator("[data-testid=import-errors]")).ToContainTextAsync("“31/02/1950” không phải ngày", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=row-errors]")).ToContainTextAsync("Chưa nhập: tệp có 1 lỗi; không dòng nào được lưu.");
        Assert.Equal(0, await fixture.App.QueryAsync(db => Task.FromResult(db.Beneficiaries.Count(b => b.FullName.StartsWith("Trịnh Văn Tệp ")))));

        // Fixed, and long enough for its progress to be seen: the page follows the import until it ends.
        var good = Path.Combine(Path.GetTempPath(), $"dt-good-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(good, header + string.Concat(Enumerable.Range(0, 10_000).Select(i => Row(i, "12/04/1950"))));
        await page.ClickAsync("[data-testid=new-import]");
        await page.SetInputFilesAsync("#file", good);
        await page.ClickAsync("[data-testid=start-import]");
        await Assertions.Expect(page.Locator("[data-testid=import-progress-bar]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã nhập 10.000 đối tượng từ tệp.", new() { Timeout = 180_000 });
        Assert.Equal(10_000, await fixture.App.QueryAsync(db => Task.FromResult(db.Beneficiaries.Count(b => b.FullName.StartsWith("Trịnh Văn Tệp ")))));
        File.Delete(bad);
        File.Delete(good);
    }

    [SkippableFact]
    public async Task A_visit_sheet_with_a_bad_reading_is_listed_and_the_fixed_one_imports()
    {
        BrowserFixture.SkipUnlessAvailable();
        var person = await NewPersonAsync("Hà Văn Lượt Khám");
        var page = await fixture.SignedInPageAsync("demo.clinician", "/beneficiaries");
        await page.ClickAsync("[data-testid=nav-import-visits]");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Nhập lượt khám");
        const string header = "Mã hồ sơ,Ngày khám,Loại lượt khám,Nhiệt độ (°C),Chẩn đoán (mã ICD-10)\n";
        var day = DateTime.Today.AddDays(-3).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        var bad = Path.Combine(Path.GetTempPath(), $"lk-bad-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(bad, header + $"{person},{day},Khám bệnh,\"37.5.1\",J00\n");
        await page.SetInputFilesAsync("#file", bad);
        await page.ClickAsync("[data-testid=start-import]");
        await Assertions.Expect(page.Locator("[data-testid=import-errors]")).ToContainTextAsync("“37.5.1” không phải số", new() { Timeout = 60_000 });
        Assert.Equal(0, await fixture.App.QueryAsync(db => Task.FromResult(db.Encounters.Count(e => e.BeneficiaryId == person))));

        var good = Path.Combine(Path.GetTempPath(), $"lk-good-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(good, header + $"{person},{day},Khám bệnh,\"37,8\",J00\n");
        await page.ClickAsync("[data-testid=new-import]");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Nhập lượt khám");
        await page.SetInputFilesAsync("#file", good);
        await page.ClickAsync("[data-testid=start-import]");
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã nhập 1 lượt khám từ tệp.", new() { Timeout = 60_000 });
        Assert.Equal(37.8m, await fixture.App.QueryAsync(db => Task.FromResult(db.Observations.Where(o => o.BeneficiaryId == person && o.Code == "8310-5").Select(o => o.Value).Single())));
        File.Delete(bad);
        File.Delete(good);
    }

    private async Task<string> SetNationalIdAsync(int person)
    {
        var id = $"022145{Random.Shared.Next(100000, 999999)}";
        await fixture.App.QueryAsync(async db =>
        {
            var b = await db.Beneficiaries.FindAsync(person);
            b!.NationalId = id;
            return await db.SaveChangesAsync();
        });
        return id;
    }

    [SkippableFact]
    public async Task Screening_referral_and_problem_forms_refuse_bad_input_and_save()
    {
        BrowserFixture.SkipUnlessAvailable();
        var person = await fixture.App.QueryAsync(db => Task.FromResult(db.Beneficiaries.Where(b => b.FullName == "Nguyễn Văn An").OrderBy(b => b.Id).Select(b => b.Id).First()));
        var page = await fixture.SignedInPageAsync("demo.clinician", $"/beneficiaries/{person}/screenings/new?instrument=GDS-15");
        await Assertions.Expect(page.Locator(".screening-items li")).ToHaveCountAsync(15);
        // The picker: PHQ-9 has nine items.
        await page.SelectOptionAsync("#pick", "PHQ-9");
        await page.ClickAsync("[data-testid=pick-instrument] button");
        await Assertions.Expect(page.Locator(".screening-items li")).ToHaveCountAsync(9);
        for (var i = 0; i < 9; i++)
        {
            await page.SelectOptionAsync($"#answer-{i}", i == 8 ? "2" : "1");
        }

        await page.FillAsync("#date", "31/02/2026");
        await page.ClickAsync("[data-testid=save-screening]");
        await ExpectFieldErrorAsync(page, "date", "không phải là ngày hợp lệ");
        Assert.Equal("2", await page.InputValueAsync("#answer-8")); // the answers are kept
        await page.FillAsync("#date", TodayVi);
        await page.ClickAsync("[data-testid=save-screening]");
        // The score and its band at once, and item 9 not missed.
        await Assertions.Expect(page.Locator("[data-testid=screening-result]")).ToContainTextAsync("10");
        await Assertions.Expect(page.Locator("[data-testid=screening-band]")).ToHaveTextAsync("Vừa");
        await Assertions.Expect(page.Locator("[data-testid=screening-flag]")).ToContainTextAsync("Câu 9");
        await page.GotoAsync($"/beneficiaries/{person}");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("PHQ-9: 10 điểm – Vừa");

        await page.GotoAsync($"/beneficiaries/{person}/referrals");
        await page.FillAsync("#destination", "");
        await page.ClickAsync("[data-testid=save-referral]");
        await ExpectFieldErrorAsync(page, "destination", "Ghi nơi chuyển đến");
        await page.FillAsync("#destination", "Bệnh viện Việt Nam – Thụy Điển Uông Bí");
        await page.FillAsync("#reason", "Khó thở");
        await page.ClickAsync("[data-testid=save-referral]");
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã ghi chuyển tuyến.");
        var outcome = page.Locator("[data-testid^=save-outcome-]").First;
        var card = page.Locator(".card", new PageLocatorOptions { Has = outcome }).First;
        await card.Locator("input[name=Outcome]").FillAsync("Viêm phổi, đã điều trị");
        await outcome.ClickAsync();
        await Assertions.Expect(page.Locator(".form-errors")).ToContainTextAsync("Ngày nhận kết quả phản hồi là bắt buộc.");
        outcome = page.Locator("[data-testid^=save-outcome-]").First;
        card = page.Locator(".card", new PageLocatorOptions { Has = outcome }).First;
        await card.Locator("input[name=OutcomeDate]").FillAsync(TodayVi);
        await card.Locator("input[name=Outcome]").FillAsync("Viêm phổi, đã điều trị");
        await outcome.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã ghi kết quả phản hồi.");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Viêm phổi, đã điều trị");

        await page.GotoAsync($"/beneficiaries/{person}/problems");
        var resolve = page.Locator("[data-testid^=resolve-]").First;
        var problem = page.Locator(".card", new PageLocatorOptions { Has = resolve }).First;
        var code = (await problem.Locator("strong").InnerTextAsync()).Trim();
        await problem.Locator("input[name=ResolvedOn]").FillAsync("01/01/1900");
        await resolve.ClickAsync();
        await Assertions.Expect(page.Locator(".form-errors")).ToContainTextAsync("không được trước ngày phát hiện bệnh");
        resolve = page.Locator("[data-testid^=resolve-]").First;
        problem = page.Locator(".card", new PageLocatorOptions { Has = resolve }).First;
        await problem.Locator("input[name=ResolvedOn]").FillAsync(TodayVi);
        await resolve.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("đã được ghi là khỏi");
        await Assertions.Expect(page.Locator($".card strong:text-is('{code}')")).ToHaveCountAsync(0);
    }

    /// <summary>Issue #11: the doctor (a clinician account of the centre) orders, the nurse gives the dose on the round.</summary>
    [SkippableFact]
    public async Task A_doctor_orders_a_medicine_and_the_nurse_records_the_dose_on_the_round()
    {
        BrowserFixture.SkipUnlessAvailable();
        var person = await NewPersonAsync("Hà Thị Uống Thuốc");
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        using var admin = await fixture.App.ClientForAsync("demo.admin");
        (await admin.PostAsJsonAsync($"/api/beneficiaries/{person}/stays", new { facilityId = facility, admittedOn = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd") })).EnsureSuccessStatusCode();
        const string doctorPassword = "bác sĩ trực đêm ở Hạ Long";
        var doctor = $"bac.si.{Guid.NewGuid():N}"[..16];
        (await admin.PostAsJsonAsync("/api/users", new { userName = doctor, fullName = "BS. Lương Văn Kê Đơn", role = "Clinician", facilityId = facility, password = doctorPassword }))
            .EnsureSuccessStatusCode();

        var page = await SignInAsync(doctor, doctorPassword, $"/beneficiaries/{person}/medicines");
        await Assertions.Expect(page.Locator("[data-testid=no-allergy]")).ToBeVisibleAsync();
        // An allergy without its substance is refused; with it, the banner shows it.
        await page.SelectOptionAsync("#severity", "Severe");
        await page.ClickAsync("[data-testid=save-allergy]");
        await ExpectFieldErrorAsync(page, "substance", "Ghi chất hoặc thuốc gây dị ứng.");
        await page.FillAsync("#substance", "Amoxicilin");
        await page.FillAsync("#reaction", "Phù mặt");
        await page.ClickAsync("[data-testid=save-allergy]");
        await Assertions.Expect(page.Locator("[data-testid=allergy-banner]")).ToContainTextAsync("Amoxicilin");

        // An order for what the person is allergic to stops at a warning that asks for a reason.
        await page.FillAsync("#drug", "Amoxicilin 500 mg");
        await page.FillAsync("#dose", "1 viên");
        await page.CheckAsync("#t-morning");
        await page.ClickAsync("[data-testid=save-order]");
        await ExpectFieldErrorAsync(page, "allergyOverrideReason", "Cảnh báo dị ứng");
        await page.FillAsync("#drug", "Amlodipin");
        await page.FillAsync("#strength", "5 mg");
        await page.FillAsync("#start", "30/02/2026");
        await page.ClickAsync("[data-testid=save-order]");
        await ExpectFieldErrorAsync(page, "startDate", "không phải là ngày hợp lệ");
        await page.FillAsync("#start", TodayVi);
        await page.ClickAsync("[data-testid=save-order]");
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã lưu y lệnh thuốc.");
        var order = await fixture.App.QueryAsync(db => Task.FromResult(db.MedicationOrders.Where(o => o.BeneficiaryId == person).Select(o => o.Id).Single()));
        await Assertions.Expect(page.Locator($"[data-order='{order}']")).ToContainTextAsync("Lương Văn Kê Đơn");

        // The nurse's morning round: a refusal needs its reason; the dose given is recorded once, by her.
        var nurse = await fixture.SignedInPageAsync("demo.clinician", $"/facilities/{facility}/medication-round");
        await nurse.FillAsync("#date", TodayVi);
        await nurse.SelectOptionAsync("#shift", "Morning");
        await nurse.ClickAsync("[data-testid=round-picker] button");
        var card = nurse.Locator($"[data-round-person='{person}']");
        await Assertions.Expect(card).ToContainTextAsync("Amlodipin");
        await Assertions.Expect(card.Locator("[data-testid=allergy-banner]")).ToContainTextAsync("Amoxicilin");
        await card.Locator($"[data-testid=dose-{order}-Refused]").CheckAsync();
        await card.Locator($"[data-testid=save-round-{person}]").ClickAsync();
        await Assertions.Expect(nurse.Locator($"[data-round-person='{person}'] .form-errors")).ToContainTextAsync("Ghi lý do");
        // Said at the top too, where the page lands, and the choice is kept for the reason to be added.
        await Assertions.Expect(nurse.Locator("[data-testid=round-refused]")).ToContainTextAsync("Hà Thị Uống Thuốc");
        await Assertions.Expect(nurse.Locator($"[data-testid=dose-{order}-Refused]")).ToBeCheckedAsync();
        card = nurse.Locator($"[data-round-person='{person}']");
        await card.Locator($"[data-testid=dose-{order}-Given]").CheckAsync();
        await card.Locator($"[data-testid=save-round-{person}]").ClickAsync();
        await Assertions.Expect(nurse.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã ghi 1 liều thuốc.");
        await Assertions.Expect(nurse.Locator($"[data-testid=recorded-{order}]")).ToContainTextAsync("Đã dùng");
        await Assertions.Expect(nurse.Locator($"[data-testid=recorded-{order}]")).ToContainTextAsync("demo.clinician");

        // Written in error (the wrong round): struck out with its reason (required), then the round's dose recorded again.
        var dose = await fixture.App.QueryAsync(db => Task.FromResult(db.MedicationAdministrations.Where(a => a.OrderId == order).Select(a => a.Id).Single()));
        await OpenAsync(nurse.Locator($"[data-retract-dose='{dose}']"));
        await nurse.ClickAsync($"[data-testid=retract-dose-{dose}]");
        await Assertions.Expect(nurse.Locator($"[data-retract-dose='{dose}'] .form-errors")).ToContainTextAsync("Ghi lý do hủy liều thuốc ghi nhầm");
        await nurse.FillAsync($"#x-{dose}", "Ghi nhầm cữ, bà uống lúc trưa");
        await nurse.ClickAsync($"[data-testid=retract-dose-{dose}]");
        await Assertions.Expect(nurse.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã hủy liều ghi nhầm");
        card = nurse.Locator($"[data-round-person='{person}']");
        await card.Locator($"[data-testid=dose-{order}-Given]").CheckAsync();
        await card.Locator($"[data-testid=save-round-{person}]").ClickAsync();
        await Assertions.Expect(nurse.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã ghi 1 liều thuốc.");
        Assert.Equal("Ghi nhầm cữ, bà uống lúc trưa", await fixture.App.QueryAsync(db => Task.FromResult(db.MedicationAdministrations
            .Where(a => a.Id == dose).Select(a => a.RetractReason).Single())));

        // The doctor sees today's dose, and stops the medicine (a reason is required).
        await page.GotoAsync($"/beneficiaries/{person}/medicines");
        await Assertions.Expect(page.Locator($"[data-testid=today-{order}]")).ToContainTextAsync("Sáng: Đã dùng");
        await OpenAsync(page.Locator($"[data-order='{order}'] details"));
        await page.ClickAsync($"[data-testid=stop-{order}]");
        await Assertions.Expect(page.Locator(".form-errors")).ToContainTextAsync("Ghi lý do ngừng thuốc.");
        await OpenAsync(page.Locator($"[data-order='{order}'] details"));
        await page.FillAsync($"#sr-{order}", "Huyết áp đã ổn định");
        await page.ClickAsync($"[data-testid=stop-{order}]");
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã ngừng thuốc.");
        await Assertions.Expect(page.Locator("[data-testid=stopped-orders]")).ToContainTextAsync("Huyết áp đã ổn định");

        // An immunization: a dose number of 0 is refused; a good one is listed.
        await page.GotoAsync($"/beneficiaries/{person}/immunizations");
        await page.FillAsync("#vaccine", "Cúm mùa");
        await page.FillAsync("#dose", "0");
        await page.ClickAsync("[data-testid=save-immunization]");
        await ExpectFieldErrorAsync(page, "doseNumber", "từ 1 đến 10");
        await page.FillAsync("#dose", "1");
        await page.FillAsync("#lot", "FLU-26-0457");
        await page.ClickAsync("[data-testid=save-immunization]");
        await Assertions.Expect(page.Locator("[data-testid=immunizations]")).ToContainTextAsync("FLU-26-0457");

        // Recorded for the wrong person: struck out with a reason (required), kept on the list, marked.
        var shot = await fixture.App.QueryAsync(db => Task.FromResult(db.Immunizations.Where(i => i.BeneficiaryId == person).Select(i => i.Id).Single()));
        await OpenAsync(page.Locator($"[data-immunization='{shot}'] details"));
        await page.ClickAsync($"[data-testid=retract-{shot}]");
        await Assertions.Expect(page.Locator($"[data-immunization='{shot}'] .form-errors")).ToContainTextAsync("Ghi lý do hủy mũi tiêm ghi nhầm");
        await page.FillAsync($"#rr-{shot}", "Ghi nhầm người, mũi của bà Hà Thị Lan");
        await page.ClickAsync($"[data-testid=retract-{shot}]");
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã hủy mũi tiêm ghi nhầm.");
        await Assertions.Expect(page.Locator($"[data-testid=retracted-{shot}]")).ToContainTextAsync("Ghi nhầm người, mũi của bà Hà Thị Lan");

        // The allergy proved wrong: withdrawn with its grounds (both required); the banner goes, the history stays.
        await page.GotoAsync($"/beneficiaries/{person}/medicines");
        var allergy = await fixture.App.QueryAsync(db => Task.FromResult(db.Allergies.Where(a => a.BeneficiaryId == person).Select(a => a.Id).Single()));
        // A second tab opened before the withdrawal: its submit, after, is answered with the reason (not a bare 400).
        var stale = await page.Context.NewPageAsync();
        await stale.GotoAsync($"/beneficiaries/{person}/medicines");
        await BrowserFixture.ReadyAsync(stale);
        await OpenAsync(stale.Locator($"[data-allergy='{allergy}'] details"));
        await stale.SelectOptionAsync($"#er-{allergy}", "EnteredInError");
        await stale.FillAsync($"#en-{allergy}", "Ghi nhầm người");
        await OpenAsync(page.Locator($"[data-allergy='{allergy}'] details"));
        await page.FillAsync($"#en-{allergy}", "Test lẩy da âm tính ngày hôm nay");
        await page.ClickAsync($"[data-testid=end-allergy-{allergy}]");
        await Assertions.Expect(page.Locator($"[data-allergy='{allergy}'] .form-errors")).ToContainTextAsync("Chọn lý do gỡ");
        await Assertions.Expect(page.Locator($"#en-{allergy}")).ToHaveValueAsync("Test lẩy da âm tính ngày hôm nay");
        await page.SelectOptionAsync($"#er-{allergy}", "Refuted");
        await page.ClickAsync($"[data-testid=end-allergy-{allergy}]");
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã gỡ dị ứng");
        await Assertions.Expect(page.Locator("[data-testid=allergy-banner]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=withdrawn-allergies]")).ToContainTextAsync("Amoxicilin");
        await Assertions.Expect(page.Locator("[data-testid=withdrawn-allergies]")).ToContainTextAsync("Test lẩy da âm tính ngày hôm nay");
        await stale.ClickAsync($"[data-testid=end-allergy-{allergy}]");
        await Assertions.Expect(stale.Locator($"[data-allergy='{allergy}'] .form-errors")).ToContainTextAsync($"đã được gỡ ngày {TodayVi}");
        Assert.Equal(1, await fixture.App.QueryAsync(db => Task.FromResult(db.AuditEvents.Count(e => e.Action == "allergy.end" && e.EntityId == allergy.ToString()))));
    }

    /// <summary>Issue #13: a blood pressure typed wrong leaves the chart (both halves), with the reason the nurse gives.</summary>
    [SkippableFact]
    public async Task A_reading_typed_wrong_is_struck_out_on_the_chart_with_its_reason()
    {
        BrowserFixture.SkipUnlessAvailable();
        var person = await NewPersonAsync("Mạc Thị Gõ Nhầm");
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        using var clinician = await fixture.App.ClientForAsync("demo.clinician");
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/stays", new { facilityId = facility, admittedOn = yesterday })).EnsureSuccessStatusCode();
        var visit = await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", new
        {
            kind = "SickVisit", date = yesterday,
            observations = new[] { new { code = "8480-6", value = 180m }, new { code = "8462-4", value = 85m }, new { code = "8867-4", value = 76m } },
        });
        visit.EnsureSuccessStatusCode();
        var encounter = JsonDocument.Parse(await visit.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        var systolic = await fixture.App.QueryAsync(db => Task.FromResult(db.Observations.Single(o => o.EncounterId == encounter && o.Code == "8480-6").Id));

        var page = await fixture.SignedInPageAsync("demo.clinician", $"/beneficiaries/{person}");
        var timeline = page.Locator("[data-testid=timeline]");
        await Assertions.Expect(timeline).ToContainTextAsync("180");
        // Nothing chosen, then no reason: each refused, saying what is missing.
        await OpenAsync(page.Locator($"[data-strike='{encounter}']"));
        await page.ClickAsync($"[data-testid=strike-{encounter}]");
        await Assertions.Expect(page.Locator($"[data-strike='{encounter}'] .form-errors")).ToContainTextAsync("Chọn chỉ số ghi nhầm.");
        await page.SelectOptionAsync($"#sr-{encounter}", systolic.ToString(CultureInfo.InvariantCulture));
        await page.ClickAsync($"[data-testid=strike-{encounter}]");
        await Assertions.Expect(page.Locator($"[data-strike='{encounter}'] .form-errors")).ToContainTextAsync("Ghi lý do hủy chỉ số ghi nhầm");
        await page.SelectOptionAsync($"#sr-{encounter}", systolic.ToString(CultureInfo.InvariantCulture));
        await page.FillAsync($"#sn-{encounter}", "Gõ nhầm 180 thay vì 130");
        await page.ClickAsync($"[data-testid=strike-{encounter}]");
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã hủy chỉ số ghi nhầm");
        await Assertions.Expect(timeline).Not.ToContainTextAsync("180");
        await Assertions.Expect(timeline).ToContainTextAsync("76");
        Assert.Equal(["8867-4"], await fixture.App.QueryAsync(db => Task.FromResult(db.Observations.Where(o => o.EncounterId == encounter).Select(o => o.Code).ToList())));
        Assert.Equal("Gõ nhầm 180 thay vì 130", await fixture.App.QueryAsync(db => Task.FromResult(db.StruckOutReadings.Where(o => o.Id == systolic).Select(o => o.Reason).Single())));
    }

    [SkippableFact]
    public async Task A_visit_recorded_for_the_wrong_person_is_struck_out_on_the_chart_with_its_readings()
    {
        BrowserFixture.SkipUnlessAvailable();
        var person = await NewPersonAsync("Quách Văn Nhầm Người");
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        using var clinician = await fixture.App.ClientForAsync("demo.clinician");
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/stays", new { facilityId = facility, admittedOn = yesterday })).EnsureSuccessStatusCode();
        var visit = await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", new
        {
            kind = "SickVisit", date = yesterday, observations = new[] { new { code = "8310-5", value = 39.4m }, new { code = "8867-4", value = 112m } },
        });
        visit.EnsureSuccessStatusCode();
        var encounter = JsonDocument.Parse(await visit.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        var earlier = await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", new
        {
            kind = "SickVisit", date = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), observations = new[] { new { code = "8867-4", value = 64m } },
        });
        earlier.EnsureSuccessStatusCode();
        var older = JsonDocument.Parse(await earlier.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();

        var page = await fixture.SignedInPageAsync("demo.clinician", $"/beneficiaries/{person}");
        var timeline = page.Locator("[data-testid=timeline]");
        await Assertions.Expect(timeline).ToContainTextAsync("39,4");
        // Enter in a visit's reason acts on that visit, whatever is typed under another (the visits share one form).
        await OpenAsync(page.Locator($"[data-strike-visit='{encounter}']"));
        await page.FillAsync($"#sv-{encounter}", "chưa chắc, đang hỏi lại");
        await OpenAsync(page.Locator($"[data-strike-visit='{older}']"));
        await page.FillAsync($"#sv-{older}", "Ghi hai lần");
        await page.PressAsync($"#sv-{older}", "Enter");
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã hủy lượt khám ghi nhầm");
        Assert.Equal("Ghi hai lần", await fixture.App.QueryAsync(db => Task.FromResult(db.StruckOutRecords
            .Where(r => r.RecordId == older && r.Kind == AnSinh.Domain.HealthRecords.StruckOutKind.Encounter).Select(r => r.Reason).Single())));
        Assert.True(await fixture.App.QueryAsync(db => Task.FromResult(db.Encounters.Any(e => e.Id == encounter))));
        // A second tab opened before the strike-out: its submit, after, is answered with the reason (the visit is gone there).
        var stale = await page.Context.NewPageAsync();
        await stale.GotoAsync($"/beneficiaries/{person}");
        await BrowserFixture.ReadyAsync(stale);
        await OpenAsync(stale.Locator($"[data-strike-visit='{encounter}']"));
        await stale.FillAsync($"#sv-{encounter}", "Ghi nhầm người");
        // No reason: refused, saying what is missing; with it, the visit and its readings leave the chart.
        await OpenAsync(page.Locator($"[data-strike-visit='{encounter}']"));
        await page.ClickAsync($"[data-testid=strike-visit-{encounter}]");
        await Assertions.Expect(page.Locator($"[data-strike-visit='{encounter}'] .form-errors")).ToContainTextAsync("Ghi lý do hủy lượt khám ghi nhầm");
        await page.FillAsync($"#sv-{encounter}", "Ghi nhầm người: ông Quách Văn Một");
        await page.ClickAsync($"[data-testid=strike-visit-{encounter}]");
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã hủy lượt khám ghi nhầm");
        await Assertions.Expect(page.GetByText("Chưa có lượt khám nào.")).ToBeVisibleAsync(); // its only visit
        await Assertions.Expect(timeline).ToHaveCountAsync(0);
        Assert.Equal(2, await fixture.App.QueryAsync(db => Task.FromResult(db.StruckOutReadings.Count(o => o.EncounterId == encounter && o.Reason == "Ghi nhầm người: ông Quách Văn Một"))));
        Assert.False(await fixture.App.QueryAsync(db => Task.FromResult(db.Encounters.Any(e => e.Id == encounter))));
        await stale.ClickAsync($"[data-testid=strike-visit-{encounter}]");
        await Assertions.Expect(stale.Locator("[data-testid=visit-refused]")).ToContainTextAsync("đã được hủy ngày");
        await stale.CloseAsync();
    }

    [SkippableFact]
    public async Task A_screening_entered_twice_is_struck_out_on_the_chart_with_its_reason()
    {
        BrowserFixture.SkipUnlessAvailable();
        var person = await NewPersonAsync("Lò Thị Hai Lần");
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        using var clinician = await fixture.App.ClientForAsync("demo.clinician");
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/stays", new { facilityId = facility, admittedOn = yesterday })).EnsureSuccessStatusCode();
        (await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/screenings", new { instrument = "GDS-15", date = yesterday, totalScore = 11 })).EnsureSuccessStatusCode();
        var screening = await fixture.App.QueryAsync(db => Task.FromResult(db.ScreeningResults.Single(s => s.BeneficiaryId == person).Id));

        var page = await fixture.SignedInPageAsync("demo.clinician", $"/beneficiaries/{person}");
        await Assertions.Expect(page.Locator($"[data-screening='{screening}']")).ToContainTextAsync("GDS-15: 11");
        // A second tab opened before the strike-out: its submit, after, is answered with the reason.
        var stale = await page.Context.NewPageAsync();
        await stale.GotoAsync($"/beneficiaries/{person}");
        await BrowserFixture.ReadyAsync(stale);
        await OpenAsync(stale.Locator($"[data-strike-screening='{screening}']"));
        await stale.FillAsync($"#ss-{screening}", "Ghi hai lần");
        // No reason: refused, saying what is missing; with it, struck out and gone from the chart.
        await OpenAsync(page.Locator($"[data-strike-screening='{screening}']"));
        await page.ClickAsync($"[data-testid=strike-screening-{screening}]");
        await Assertions.Expect(page.Locator($"[data-strike-screening='{screening}'] .form-errors")).ToContainTextAsync("Ghi lý do hủy lần sàng lọc ghi nhầm");
        await page.FillAsync($"#ss-{screening}", "Ghi nhầm người: điểm của bà Lò Thị Một");
        // A double click sends it once: the page says it is done, not that it was already done.
        await page.DblClickAsync($"[data-testid=strike-screening-{screening}]");
        await Assertions.Expect(page.Locator("[data-testid=screening-notice]")).ToContainTextAsync("Đã hủy lần sàng lọc ghi nhầm");
        await Assertions.Expect(page.Locator("[data-testid=screening-refused]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"[data-screening='{screening}']")).ToHaveCountAsync(0);
        Assert.Equal("Ghi nhầm người: điểm của bà Lò Thị Một", await fixture.App.QueryAsync(db => Task.FromResult(db.StruckOutRecords
            .Where(r => r.RecordId == screening && r.Kind == AnSinh.Domain.HealthRecords.StruckOutKind.Screening).Select(r => r.Reason).Single())));
        await stale.ClickAsync($"[data-testid=strike-screening-{screening}]");
        await Assertions.Expect(stale.Locator("[data-testid=screening-refused]")).ToContainTextAsync("đã được hủy ngày");
        await stale.CloseAsync();
    }

    [SkippableFact]
    public async Task A_diagnosis_entered_in_error_is_struck_out_on_the_problems_page()
    {
        BrowserFixture.SkipUnlessAvailable();
        var person = await NewPersonAsync("Đàm Văn Nhầm Mã");
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        using var clinician = await fixture.App.ClientForAsync("demo.clinician");
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/stays", new { facilityId = facility, admittedOn = yesterday })).EnsureSuccessStatusCode();
        (await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", new
        {
            kind = "SickVisit", date = yesterday, diagnoses = new[] { new { icdCode = "E11" }, new { icdCode = "I10" } },
            observations = new[] { new { code = "8310-5", value = 37.2m } },
        })).EnsureSuccessStatusCode();
        var (wrong, right) = await fixture.App.QueryAsync(db => Task.FromResult((
            db.Conditions.Single(c => c.BeneficiaryId == person && c.IcdCode == "E11").Id, db.Conditions.Single(c => c.BeneficiaryId == person && c.IcdCode == "I10").Id)));

        var page = await fixture.SignedInPageAsync("demo.clinician", $"/beneficiaries/{person}/problems");
        await Assertions.Expect(page.Locator($"[data-condition='{wrong}']")).ToContainTextAsync("E11");
        // A second tab opened before the strike-out: its submit, after, is answered with the reason.
        var stale = await page.Context.NewPageAsync();
        await stale.GotoAsync($"/beneficiaries/{person}/problems");
        await BrowserFixture.ReadyAsync(stale);
        await OpenAsync(stale.Locator($"[data-strike-condition='{wrong}']"));
        await stale.FillAsync($"#sc-{wrong}", "Nhầm mã");
        // No reason: refused, saying what is missing; with it, the diagnosis leaves the list and the other stays.
        await OpenAsync(page.Locator($"[data-strike-condition='{wrong}']"));
        await page.ClickAsync($"[data-testid=strike-condition-{wrong}]");
        await Assertions.Expect(page.Locator($"[data-strike-condition='{wrong}'] .form-errors")).ToContainTextAsync("Ghi lý do hủy chẩn đoán ghi nhầm");
        await page.FillAsync($"#sc-{wrong}", "Nhầm mã: E11 thay vì E10");
        await page.PressAsync($"#sc-{wrong}", "Enter");
        await Assertions.Expect(page.Locator("[data-testid=condition-notice]")).ToContainTextAsync("Đã hủy chẩn đoán ghi nhầm");
        await Assertions.Expect(page.Locator($"[data-condition='{wrong}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"[data-condition='{right}']")).ToContainTextAsync("I10");
        Assert.Equal("Nhầm mã: E11 thay vì E10", await fixture.App.QueryAsync(db => Task.FromResult(db.StruckOutRecords
            .Where(r => r.RecordId == wrong && r.Kind == AnSinh.Domain.HealthRecords.StruckOutKind.Condition).Select(r => r.Reason).Single())));
        await stale.ClickAsync($"[data-testid=strike-condition-{wrong}]");
        await Assertions.Expect(stale.Locator("[data-testid=condition-refused]")).ToContainTextAsync("đã được hủy ngày");
        await stale.CloseAsync();

        // The person moved to another facility while the pages were open: the strike-outs are refused with the reason, not a bare 400.
        await OpenAsync(page.Locator($"[data-strike-condition='{right}']"));
        await page.FillAsync($"#sc-{right}", "Nhầm người");
        var chart = await page.Context.NewPageAsync();
        await chart.GotoAsync($"/beneficiaries/{person}");
        await BrowserFixture.ReadyAsync(chart);
        var visit = await fixture.App.QueryAsync(db => Task.FromResult(db.Encounters.Single(e => e.BeneficiaryId == person).Id));
        await OpenAsync(chart.Locator($"[data-strike='{visit}']"));
        await chart.SelectOptionAsync($"#sr-{visit}", new SelectOptionValue { Index = 1 });
        await chart.FillAsync($"#sn-{visit}", "Đo nhầm người");
        var resolving = await page.Context.NewPageAsync();
        await resolving.GotoAsync($"/beneficiaries/{person}/problems");
        await BrowserFixture.ReadyAsync(resolving);
        await resolving.Locator($"[data-condition='{right}'] input[name=ResolvedOn]").FillAsync(DateTime.UtcNow.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
        var stay = await fixture.App.QueryAsync(db => Task.FromResult(db.Stays.Single(s => s.BeneficiaryId == person && s.DischargedOn == null).Id));
        var hanoi = await FacilityIdAsync("Trung tâm Bảo trợ xã hội (Hà Nội");
        (await clinician.PostAsJsonAsync($"/api/stays/{stay}/transfer", new { toFacilityId = hanoi, transferredOn = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), confirmOverCapacity = true })).EnsureSuccessStatusCode();
        await page.ClickAsync($"[data-testid=strike-condition-{right}]");
        await Assertions.Expect(page.Locator("[data-testid=condition-refused]")).ToContainTextAsync("Đối tượng đã rời cơ sở của bạn");
        Assert.True(await fixture.App.QueryAsync(db => Task.FromResult(db.Conditions.Any(c => c.Id == right))));
        await chart.ClickAsync($"[data-testid=strike-{visit}]");
        await Assertions.Expect(chart.Locator("[data-testid=reading-refused]")).ToContainTextAsync("Đối tượng đã rời cơ sở của bạn");
        Assert.True(await fixture.App.QueryAsync(db => Task.FromResult(db.Observations.Any(o => o.EncounterId == visit))));
        await chart.CloseAsync();
        await resolving.ClickAsync($"[data-testid=resolve-{right}]");
        await Assertions.Expect(resolving.Locator(".form-errors").First).ToContainTextAsync("Đối tượng đã rời cơ sở của bạn");
        await resolving.CloseAsync();
    }

    /// <summary>Issue #11, items 3 and 5: a diagnosis enters the chronic register; a technician plans, logs and closes rehabilitation.</summary>
    [SkippableFact]
    public async Task Chronic_register_and_rehabilitation_forms_refuse_bad_input_and_save()
    {
        BrowserFixture.SkipUnlessAvailable();
        var person = await NewPersonAsync("Tạ Văn Huyết Áp");
        var facility = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        using var clinician = await fixture.App.ClientForAsync("demo.clinician");
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/stays", new { facilityId = facility, admittedOn = yesterday })).EnsureSuccessStatusCode();
        (await clinician.PostAsJsonAsync($"/api/beneficiaries/{person}/encounters", new
        {
            kind = "SickVisit", date = yesterday, diagnoses = new[] { new { icdCode = "I10" } },
            observations = new[] { new { code = "8480-6", value = 150 }, new { code = "8462-4", value = 92 } },
        })).EnsureSuccessStatusCode();

        var page = await fixture.SignedInPageAsync("demo.clinician", $"/beneficiaries/{person}/problems");
        var candidate = page.Locator("[data-candidate]").First;
        await candidate.Locator("input[name=FollowUpDays]").FillAsync("3");
        await candidate.Locator("[data-testid^=enrol-]").ClickAsync();
        await Assertions.Expect(page.Locator(".form-errors")).ToContainTextAsync("từ 7 đến 365 ngày");
        candidate = page.Locator("[data-candidate]").First;
        await candidate.Locator("input[name=FollowUpDays]").FillAsync("30");
        await candidate.Locator("[data-testid^=enrol-]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=chronic-saved]")).ToContainTextAsync("Đã đưa vào sổ quản lý bệnh mạn tính.");
        await Assertions.Expect(page.Locator("[data-enrolment]")).ToContainTextAsync("Chưa kiểm soát"); // 150/92

        await page.GotoAsync($"/facilities/{facility}/chronic");
        await page.SelectOptionAsync("#disease", "Hypertension");
        await page.ClickAsync("[data-testid=disease-picker] button");
        await Assertions.Expect(page.Locator("[data-testid=chronic-register]")).ToContainTextAsync("Tạ Văn Huyết Áp");

        await page.GotoAsync($"/beneficiaries/{person}/problems");
        await OpenAsync(page.Locator("[data-enrolment] details"));
        await page.Locator("[data-testid^=end-enrolment-]").ClickAsync();
        await Assertions.Expect(page.Locator(".form-errors")).ToContainTextAsync("Ghi lý do thôi quản lý");
        await OpenAsync(page.Locator("[data-enrolment] details"));
        await page.Locator("[data-enrolment] input[name=Reason]").FillAsync("Chuyển về gia đình chăm sóc");
        await page.Locator("[data-testid^=end-enrolment-]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=chronic-saved]")).ToContainTextAsync("Đã ghi thôi quản lý.");

        // Rehabilitation: a plan needs a goal; a session needs at least 5 minutes; a device a kind; a return after the issue.
        await page.GotoAsync($"/beneficiaries/{person}/rehabilitation");
        await page.ClickAsync("[data-testid=save-plan]");
        await ExpectFieldErrorAsync(page, "goals", "ít nhất một mục tiêu");
        await page.FillAsync("#pgoals", "Tự di chuyển từ giường sang ghế\nĐi lại trong phòng với khung");
        await page.FillAsync("#pbarthel", "45");
        await page.ClickAsync("[data-testid=save-plan]");
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã lập kế hoạch phục hồi chức năng.");
        await Assertions.Expect(page.Locator("[data-testid=goals] li")).ToHaveCountAsync(2);
        await page.FillAsync("#minutes", "3");
        await page.FillAsync("#activities", "Tập chuyển tư thế");
        await page.ClickAsync("[data-testid=save-session]");
        await ExpectFieldErrorAsync(page, "minutes", "từ 5 đến 480 phút");
        await page.FillAsync("#minutes", "30");
        await page.ClickAsync("[data-testid=save-session]");
        await Assertions.Expect(page.Locator("[data-testid=sessions]")).ToContainTextAsync("Tập chuyển tư thế");
        var achieve = page.Locator("[data-testid^=achieve-]").First;
        await page.Locator("[data-testid=goals] li", new PageLocatorOptions { Has = achieve }).First.Locator("input[name=AchievedOn]").FillAsync("32/13/2026");
        await achieve.ClickAsync();
        await Assertions.Expect(page.Locator(".form-errors")).ToContainTextAsync("không phải là ngày hợp lệ");
        await page.Locator("[data-testid^=achieve-]").First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=goals]")).ToContainTextAsync("đạt " + TodayVi);

        await page.ClickAsync("[data-testid=save-device]");
        await ExpectFieldErrorAsync(page, "kind", "Chọn loại dụng cụ.");
        await page.SelectOptionAsync("#dkind", "Walker");
        await page.FillAsync("#ddesc", "Khung tập đi 4 chân");
        await page.ClickAsync("[data-testid=save-device]");
        await Assertions.Expect(page.Locator("[data-device]")).ToContainTextAsync("Khung tập đi");
        await page.Locator("[data-device] input[name=ReturnedOn]").FillAsync("01/01/2020");
        await page.Locator("[data-testid^=return-]").ClickAsync();
        await Assertions.Expect(page.Locator(".form-errors")).ToContainTextAsync("không được trước ngày cấp");
        await page.Locator("[data-device] input[name=ReturnedOn]").FillAsync(TodayVi);
        await page.Locator("[data-testid^=return-]").ClickAsync();
        // The button itself reads "Ghi đã trả", so wait for the tag the saved answer shows, not the words.
        await Assertions.Expect(page.Locator("[data-device] .tag")).ToContainTextAsync("đã trả " + TodayVi);

        await OpenAsync(page.Locator("details:has([data-testid=close-plan])"));
        await page.FillAsync("#closed", "01/01/2099");
        await page.ClickAsync("[data-testid=close-plan]");
        await Assertions.Expect(page.Locator(".form-errors")).ToContainTextAsync("không được ở tương lai");
        await OpenAsync(page.Locator("details:has([data-testid=close-plan])"));
        await page.FillAsync("#closed", TodayVi);
        await page.ClickAsync("[data-testid=close-plan]");
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã kết thúc kế hoạch.");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("1/2 mục tiêu đạt");
    }

    /// <summary>Opens a collapsed section (a click on its summary toggles it, and a late re-render may close it again).</summary>
    private static async Task OpenAsync(ILocator details)
    {
        await details.EvaluateAsync("d => d.open = true");
        await Assertions.Expect(details).ToHaveAttributeAsync("open", "");
    }

    private Task<IPage> SignInAsync(string user, string password, string path) => fixture.SignedInPageAsync(user, path, password: password);

    private async Task<string> NewAccountAsync(string password)
    {
        var name = $"nguoi.dung.{Guid.NewGuid():N}"[..22];
        using var admin = await fixture.App.ClientForAsync("demo.admin");
        // A facility manager signs in with a password alone; a national officer would first be asked to set up two factors.
        var facilityId = await FacilityIdAsync("Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh");
        var created = await admin.PostAsJsonAsync("/api/users", new { userName = name, fullName = "Trần Thị Đổi Mật Khẩu", role = "FacilityManager", facilityId, password });
        created.EnsureSuccessStatusCode();
        return name;
    }

    [SkippableFact]
    public async Task An_officer_sets_up_two_factor_sign_in_and_then_signs_in_with_a_code()
    {
        BrowserFixture.SkipUnlessAvailable();
        const string password = "núi Yên Tử mây trắng bay";
        var name = $"can.bo.{Guid.NewGuid():N}"[..20];
        using var admin = await fixture.App.ClientForAsync("demo.admin");
        var created = await admin.PostAsJsonAsync("/api/users", new { userName = name, fullName = "Cán bộ Hai Bước", role = "NationalOfficer", password });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        // Signed in with the password alone, a national officer is held on the set-up page.
        var context = await fixture.Browser!.NewContextAsync(new() { BaseURL = fixture.App.ServerAddress.ToString(), Locale = "vi-VN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/beneficiaries");
        await page.FillAsync("#username", name);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Regex("/account/two-factor$"));
        await Assertions.Expect(page.Locator("[data-testid=two-factor-required]")).ToBeVisibleAsync();

        await Assertions.Expect(page.Locator("[data-testid=authenticator-qr] svg")).ToBeVisibleAsync();
        var key = await page.Locator("[data-testid=authenticator-key]").InnerTextAsync();
        var used = new HashSet<string>();
        string NextCode()
        {
            // A code from this 30-second step or one next to it, not used before (each code is accepted once).
            var code = new[] { 0, 1, -1, 2 }.Select(s => Web.Tests.Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30 * s))).First(c => !used.Contains(c));
            used.Add(code);
            return code;
        }

        string WrongCode()
        {
            var near = Enumerable.Range(-3, 7).Select(s => Web.Tests.Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30 * s))).ToHashSet();
            return Enumerable.Range(0, 1000).Select(i => i.ToString("D6", CultureInfo.InvariantCulture)).First(c => !near.Contains(c));
        }

        await page.FillAsync("#enableCode", WrongCode());
        await page.ClickAsync("[data-testid=enable-two-factor]");
        await ExpectFieldErrorAsync(page, "code", "Mã không đúng");
        await page.FillAsync("#enableCode", NextCode());
        await page.ClickAsync("[data-testid=enable-two-factor]");
        await Assertions.Expect(page.Locator("[data-testid=recovery-codes] li")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("[data-testid=two-factor-on]")).ToContainTextAsync("10");

        // The next sign-in asks for the code: a wrong one is refused, the app's current one lets the officer in.
        var second = await (await fixture.Browser!.NewContextAsync(new() { BaseURL = fixture.App.ServerAddress.ToString(), Locale = "vi-VN" })).NewPageAsync();
        await second.GotoAsync("/monitoring");
        await second.FillAsync("#username", name);
        await second.FillAsync("#password", password);
        await second.ClickAsync("button[type=submit]");
        await second.WaitForURLAsync(new Regex("/login/code"));
        await second.FillAsync("#code", WrongCode());
        await second.ClickAsync("button[type=submit]");
        await Assertions.Expect(second.Locator(".form-errors")).ToContainTextAsync("Mã không đúng");
        await second.FillAsync("#code", NextCode());
        await second.ClickAsync("button[type=submit]");
        await second.WaitForURLAsync(new Regex("/monitoring$"));

        // New recovery codes need the current code.
        await second.GotoAsync("/account/two-factor");
        await second.FillAsync("#manageCode", WrongCode());
        await second.ClickAsync("[data-testid=new-recovery-codes]");
        await ExpectFieldErrorAsync(second, "code", "Mã không đúng");
        await second.FillAsync("#manageCode", NextCode());
        await second.ClickAsync("[data-testid=new-recovery-codes]");
        await Assertions.Expect(second.Locator("[data-testid=recovery-codes] li")).ToHaveCountAsync(10);
        await Assertions.Expect(second.Locator("[data-testid=disable-two-factor]")).ToHaveCountAsync(0); // the role needs it

        // The phone is lost: an administrator turns it off, and the officer's sessions end.
        var adminPage = await fixture.SignedInPageAsync("demo.admin", $"/admin/users/{id}");
        await adminPage.ClickAsync("[data-testid=reset-two-factor]");
        await Assertions.Expect(adminPage.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã tắt xác thực hai bước");
        await Assertions.Expect(adminPage.Locator("[data-testid=user-two-factor]")).ToHaveTextAsync("chưa bật");
        await second.ReloadAsync();
        await second.WaitForURLAsync(new Regex("/login"));
    }

    [SkippableFact]
    public async Task A_user_changes_their_password_and_other_browsers_are_signed_out()
    {
        BrowserFixture.SkipUnlessAvailable();
        const string first = "trăng rằm tháng tám sáng";
        const string next = "hoa sen nở giữa đầm lầy";
        var name = await NewAccountAsync(first);
        var other = await SignInAsync(name, first, "/beneficiaries");
        var page = await SignInAsync(name, first, "/account");
        await Assertions.Expect(page.Locator("[data-testid=sessions] tbody tr")).ToHaveCountAsync(2);

        await page.FillAsync("#currentPassword", first);
        await page.FillAsync("#newPassword", "password2026");
        await page.FillAsync("#confirmPassword", "password2026");
        await page.ClickAsync("[data-testid=change-password]");
        await ExpectFieldErrorAsync(page, "newPassword", "phổ biến");
        await page.FillAsync("#currentPassword", "sai mật khẩu hiện tại");
        await page.FillAsync("#newPassword", next);
        await page.FillAsync("#confirmPassword", next);
        await page.ClickAsync("[data-testid=change-password]");
        await ExpectFieldErrorAsync(page, "currentPassword", "không đúng");
        await page.FillAsync("#currentPassword", first);
        await page.FillAsync("#newPassword", next);
        await page.FillAsync("#confirmPassword", next + " khác");
        await page.ClickAsync("[data-testid=change-password]");
        await ExpectFieldErrorAsync(page, "confirmPassword", "không giống nhau");

        await page.FillAsync("#currentPassword", first);
        await page.FillAsync("#newPassword", next);
        await page.FillAsync("#confirmPassword", next);
        await page.ClickAsync("[data-testid=change-password]");
        await Assertions.Expect(page.Locator("[data-testid=password-changed]")).ToBeVisibleAsync();
        // This browser stays signed in with a new session; the other one is sent to the sign-in page.
        await Assertions.Expect(page.Locator("[data-testid=sessions] tbody tr")).ToHaveCountAsync(1);
        await other.ReloadAsync();
        await other.WaitForURLAsync(new Regex("/login"));

        var third = await SignInAsync(name, next, "/beneficiaries");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-testid=sessions] tbody tr")).ToHaveCountAsync(2);
        await page.ClickAsync("[data-testid=sign-out-elsewhere]");
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Các thiết bị khác đã được đăng xuất.");
        await Assertions.Expect(page.Locator("[data-testid=sessions] tbody tr")).ToHaveCountAsync(1);
        await third.ReloadAsync();
        await third.WaitForURLAsync(new Regex("/login"));
    }

    [SkippableFact]
    public async Task An_administrator_registers_a_system_renews_its_secret_and_revokes_it()
    {
        BrowserFixture.SkipUnlessAvailable();
        var clientId = $"syt-{Guid.NewGuid():N}"[..16];
        var page = await fixture.SignedInPageAsync("demo.admin", "/admin/clients");
        await page.FillAsync("#clientId", "Sở Y tế");
        await page.FillAsync("#name", "Sở Y tế Quảng Ninh — hệ thống thông tin y tế");
        await page.SelectOptionAsync("#role", "ProvinceOfficer");
        await page.FillAsync("#unitCode", "999");
        await page.FillAsync("#tokenMinutes", "2");
        await page.ClickAsync("[data-testid=register-client]");
        await ExpectFieldErrorAsync(page, "clientId", "chữ thường không dấu");
        await ExpectFieldErrorAsync(page, "tokenMinutes", "5 đến 1.440");
        await ExpectFieldErrorAsync(page, "unitCode", "999");
        await Assertions.Expect(page.Locator("[data-testid=client-secret]")).ToHaveCountAsync(0);

        await page.FillAsync("#clientId", clientId);
        await page.FillAsync("#unitCode", "22");
        await page.FillAsync("#tokenMinutes", "30");
        await page.ClickAsync("[data-testid=register-client]");
        var secret = (await page.Locator("[data-testid=client-secret]").TextContentAsync())!.Trim();
        Assert.True(secret.Length >= 40, secret);
        var row = page.Locator($"[data-testid=client-{clientId}]");
        await Assertions.Expect(row).ToContainTextAsync("Chỉ đọc");
        await Assertions.Expect(row).ToContainTextAsync("Quảng Ninh");
        await Assertions.Expect(row).ToContainTextAsync("30 phút");

        // The secret shown works at the token endpoint, and a new one replaces it.
        async Task<System.Net.HttpStatusCode> TokenStatusAsync(string s)
        {
            using var http = fixture.App.Anonymous();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/client-token")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = s }),
            };
            return (await http.SendAsync(request)).StatusCode;
        }

        Assert.Equal(System.Net.HttpStatusCode.OK, await TokenStatusAsync(secret));
        await page.ClickAsync($"[data-testid=new-secret-{clientId}]");
        // Nothing changes before the administrator confirms.
        await Assertions.Expect(page.Locator("[data-testid=confirm-client-action]")).ToContainTextAsync("mọi mã truy cập đã cấp hết hiệu lực");
        Assert.Equal(System.Net.HttpStatusCode.OK, await TokenStatusAsync(secret));
        await page.ClickAsync("[data-testid=confirm-secret]");
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã tạo khóa bí mật mới");
        var renewed = (await page.Locator("[data-testid=client-secret]").TextContentAsync())!.Trim();
        Assert.NotEqual(secret, renewed);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, await TokenStatusAsync(secret));
        Assert.Equal(System.Net.HttpStatusCode.OK, await TokenStatusAsync(renewed));

        await page.ClickAsync($"[data-testid=revoke-{clientId}]");
        await Assertions.Expect(page.Locator("[data-testid=confirm-client-action]")).ToContainTextAsync("không thể hoàn tác");
        await page.ClickAsync("[data-testid=confirm-revoke]");
        await Assertions.Expect(page.Locator($"[data-testid=client-{clientId}]")).ToContainTextAsync("Đã thu hồi");
        await Assertions.Expect(page.Locator($"[data-testid=revoke-{clientId}]")).ToHaveCountAsync(0);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, await TokenStatusAsync(renewed));
    }

    [SkippableFact]
    public async Task An_administrator_creates_rescopes_resets_and_disables_an_account()
    {
        BrowserFixture.SkipUnlessAvailable();
        var name = $"dieu.duong.{Guid.NewGuid():N}"[..20];
        var page = await fixture.SignedInPageAsync("demo.admin", "/admin/users");
        await page.FillAsync("#userName", name);
        await page.FillAsync("#fullName", "Phạm Thị Điều Dưỡng");
        await page.SelectOptionAsync("#role", "Clinician");
        await page.FillAsync("#password", "ngắn quá");
        await page.ClickAsync("[data-testid=create-user]");
        await ExpectFieldErrorAsync(page, "facilityId", "Chọn cơ sở");
        await page.SelectOptionAsync("#facilityId", new SelectOptionValue { Label = "Trung tâm Bảo trợ xã hội tỉnh Quảng Ninh" });
        await page.ClickAsync("[data-testid=create-user]");
        // The first answer already showed the password error: wait for this post's answer (no facility error) before
        // typing, or the answer lands on the new password and the next post sends the old one (seen in CI, traced).
        await Assertions.Expect(page.Locator(".field-error[data-field='facilityId']")).ToHaveCountAsync(0);
        await ExpectFieldErrorAsync(page, "password", "ít nhất 12");
        await page.FillAsync("#password", "gió mùa đông bắc về");
        await page.ClickAsync("[data-testid=create-user]");
        await page.WaitForURLAsync(new Regex(@"/admin/users/[^/?]+\?saved=account-created$"));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Phạm Thị Điều Dưỡng");

        var user = await SignInAsync(name, "gió mùa đông bắc về", "/beneficiaries");

        await page.SelectOptionAsync("#role", "ProvinceOfficer");
        await page.FillAsync("#unitCode", "999");
        await page.ClickAsync("[data-testid=save-access]");
        await ExpectFieldErrorAsync(page, "unitCode", "Không có đơn vị hành chính hiện hành mã 999");
        await page.FillAsync("#unitCode", "22");
        await page.ClickAsync("[data-testid=save-access]");
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã lưu vai trò và phạm vi");
        await Assertions.Expect(page.Locator("[data-testid=user-summary]")).ToContainTextAsync("Cán bộ tỉnh · Quảng Ninh");
        await user.ReloadAsync();
        await user.WaitForURLAsync(new Regex("/login")); // the new role needs a new sign-in

        await page.FillAsync("#newPassword", "123456789012");
        await page.ClickAsync("[data-testid=reset-password]");
        await ExpectFieldErrorAsync(page, "password", "liên tiếp");
        await page.FillAsync("#newPassword", "mưa phùn tháng hai ẩm ướt");
        await page.ClickAsync("[data-testid=reset-password]");
        await Assertions.Expect(page.Locator("[data-testid=saved-notice]")).ToContainTextAsync("Đã đặt mật khẩu mới");

        // A province officer must set up two-step sign-in first: the page it is held on is the set-up page.
        user = await SignInAsync(name, "mưa phùn tháng hai ẩm ướt", "/account/two-factor");
        await page.ClickAsync("[data-testid=sign-out-user]");
        await Assertions.Expect(page.Locator("[data-testid=user-status]")).ToContainTextAsync("Phiên đang mở: 0");
        await user.ReloadAsync();
        await user.WaitForURLAsync(new Regex("/login"));

        await page.ClickAsync("[data-testid=toggle-user]");
        await Assertions.Expect(page.Locator("[data-testid=user-status]")).ToContainTextAsync("Đã vô hiệu hóa");
        await user.FillAsync("#username", name);
        await user.FillAsync("#password", "mưa phùn tháng hai ẩm ướt");
        await user.ClickAsync("button[type=submit]");
        await Assertions.Expect(user.Locator(".form-errors")).ToContainTextAsync("Tên đăng nhập hoặc mật khẩu không đúng.");

        // An administrator cannot disable their own account.
        var self = await fixture.App.QueryAsync(db => Task.FromResult(db.Users.Where(u => u.UserName == "demo.admin").Select(u => u.Id).Single()));
        await page.GotoAsync($"/admin/users/{self}");
        await page.ClickAsync("[data-testid=toggle-user]");
        await Assertions.Expect(page.Locator(".field-error")).ToContainTextAsync("Không thể tự vô hiệu hóa");
        await Assertions.Expect(page.Locator("[data-testid=user-status]")).ToContainTextAsync("Đang hoạt động");
    }

    [SkippableFact]
    public async Task The_auditor_filters_the_trail_and_downloads_it()
    {
        BrowserFixture.SkipUnlessAvailable();
        using (var clinician = await fixture.App.ClientForAsync("demo.clinician"))
        {
            (await clinician.GetAsync("/api/beneficiaries?q=tran%20thi")).EnsureSuccessStatusCode();
        }

        var page = await fixture.SignedInPageAsync("demo.admin", "/audit");
        await page.FillAsync("#from", "31/02/2026");
        await page.ClickAsync("[data-testid=filter-audit]");
        await ExpectFieldErrorAsync(page, "from", "");
        await Assertions.Expect(page.Locator("[data-testid=export-audit]")).ToHaveCountAsync(0);

        await page.FillAsync("#from", TodayVi);
        await page.FillAsync("#to", TodayVi);
        await page.FillAsync("#user", "clinician");
        await page.SelectOptionAsync("#action", "record.search");
        await page.ClickAsync("[data-testid=filter-audit]");
        var rows = page.Locator("[data-testid=audit-events] tbody tr");
        await Assertions.Expect(rows.First).ToContainTextAsync("Tìm kiếm hồ sơ");
        await Assertions.Expect(rows.First).ToContainTextAsync("q=tran thi");
        foreach (var row in await rows.AllAsync())
        {
            await Assertions.Expect(row).ToContainTextAsync("demo.clinician");
        }

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export-audit]"));
        Assert.Equal("nhat-ky-truy-cap.xlsx", download.SuggestedFilename);
        var path = await download.PathAsync();
        using var workbook = System.IO.Compression.ZipFile.OpenRead(path!);
        Assert.NotNull(workbook.GetEntry("xl/worksheets/sheet1.xml"));
    }

    [SkippableFact]
    public async Task An_edit_saved_over_someone_elses_newer_one_is_refused_with_a_reload_message()
    {
        BrowserFixture.SkipUnlessAvailable();
        var person = await NewPersonAsync("Lâm Thị Hai Người Sửa");
        var page = await fixture.SignedInPageAsync("demo.clinician", $"/beneficiaries/{person}/edit");
        // Meanwhile a colleague saves the same record.
        using (var colleague = await fixture.App.ClientForAsync("demo.manager"))
        {
            var current = await colleague.GetAsync($"/api/beneficiaries/{person}");
            using var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/beneficiaries/{person}")
            {
                Content = JsonContent.Create(new
                {
                    fullName = "Lâm Thị Đồng Nghiệp Sửa", sex = "Female", birthDate = "1945-07-20",
                    categories = new[] { new { kind = "Elderly", from = "2010-01-01" } },
                }),
                Headers = { { "If-Match", current.Headers.ETag!.Tag } },
            };
            Assert.Equal(System.Net.HttpStatusCode.NoContent, (await colleague.SendAsync(edit)).StatusCode);
        }

        await page.FillAsync("#fullName", "Lâm Thị Tôi Sửa");
        await page.ClickAsync("[data-testid=save-beneficiary]");
        await Assertions.Expect(page.Locator(".form-errors")).ToContainTextAsync("vừa được người khác sửa");
        Assert.Equal("Lâm Thị Đồng Nghiệp Sửa", await fixture.App.QueryAsync(db => Task.FromResult(db.Beneficiaries.Where(b => b.Id == person).Select(b => b.FullName).Single())));

        // Reloading shows the colleague's version, and a save from it goes through.
        await page.GotoAsync($"/beneficiaries/{person}/edit");
        await Assertions.Expect(page.Locator("#fullName")).ToHaveValueAsync("Lâm Thị Đồng Nghiệp Sửa");
        await page.FillAsync("#fullName", "Lâm Thị Tôi Sửa");
        await page.ClickAsync("[data-testid=save-beneficiary]");
        await page.WaitForURLAsync(new Regex($"/beneficiaries/{person}\\?saved=person$"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Lâm Thị Tôi Sửa");
    }

    [GeneratedRegex(@"<EditForm[^>]*FormName=""([^""]+)""")]
    private static partial Regex EditFormName();

    [GeneratedRegex(@"<form\b[^>]*>")]
    private static partial Regex PlainForm();

    // A literal name, or the fixed part of an interpolated one: @formname="@($"task-{task.Id}")" → "task-".
    [GeneratedRegex(@"@formname=""(?:@\(\$"")?([\w-]+)")]
    private static partial Regex FormNameAttribute();

    [GeneratedRegex(@"\baction=""([^""]+)""")]
    private static partial Regex ActionAttribute();
}
