using AnSinh.Domain.Audit;
using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.Facilities;
using AnSinh.Domain.Geography;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Monitoring;
using AnSinh.Domain.Plans;
using AnSinh.Domain.Referrals;
using AnSinh.Domain.Stays;
using AnSinh.Data.ReferenceData;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AnSinh.Data;

/// <summary>The one model; each provider has a subclass that owns its migrations.</summary>
public abstract class AnSinhDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    /// <summary>Cookie and token keys live in the database so that every web instance can read what another issued.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<AdminUnit> AdminUnits => Set<AdminUnit>();
    public DbSet<AdminUnitSuccession> AdminUnitSuccessions => Set<AdminUnitSuccession>();
    public DbSet<Icd10Code> Icd10Codes => Set<Icd10Code>();
    public DbSet<ObservationCode> ObservationCodes => Set<ObservationCode>();
    public DbSet<CodeListItem> CodeListItems => Set<CodeListItem>();
    public DbSet<ReferenceDataSet> ReferenceDataSets => Set<ReferenceDataSet>();
    public DbSet<Facility> Facilities => Set<Facility>();
    public DbSet<StaffMember> StaffMembers => Set<StaffMember>();
    public DbSet<Beneficiary> Beneficiaries => Set<Beneficiary>();
    public DbSet<BeneficiaryCategory> BeneficiaryCategories => Set<BeneficiaryCategory>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Stay> Stays => Set<Stay>();
    public DbSet<Encounter> Encounters => Set<Encounter>();
    public DbSet<Observation> Observations => Set<Observation>();
    public DbSet<StruckOutReading> StruckOutReadings => Set<StruckOutReading>();
    public DbSet<StruckOutRecord> StruckOutRecords => Set<StruckOutRecord>();
    public DbSet<Condition> Conditions => Set<Condition>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<SystemClient> SystemClients => Set<SystemClient>();
    public DbSet<UsedClientAssertion> UsedClientAssertions => Set<UsedClientAssertion>();
    public DbSet<Entitlement> Entitlements => Set<Entitlement>();
    public DbSet<ScreeningResult> ScreeningResults => Set<ScreeningResult>();
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<AnSinh.Domain.Medicines.MedicationOrder> MedicationOrders => Set<AnSinh.Domain.Medicines.MedicationOrder>();
    public DbSet<AnSinh.Domain.Medicines.MedicationAdministration> MedicationAdministrations => Set<AnSinh.Domain.Medicines.MedicationAdministration>();
    public DbSet<AnSinh.Domain.Medicines.Allergy> Allergies => Set<AnSinh.Domain.Medicines.Allergy>();
    public DbSet<AnSinh.Domain.Medicines.Immunization> Immunizations => Set<AnSinh.Domain.Medicines.Immunization>();
    public DbSet<AnSinh.Domain.ChronicCare.ChronicEnrolment> ChronicEnrolments => Set<AnSinh.Domain.ChronicCare.ChronicEnrolment>();
    public DbSet<AnSinh.Domain.Rehabilitation.RehabPlan> RehabPlans => Set<AnSinh.Domain.Rehabilitation.RehabPlan>();
    public DbSet<AnSinh.Domain.Rehabilitation.RehabGoal> RehabGoals => Set<AnSinh.Domain.Rehabilitation.RehabGoal>();
    public DbSet<AnSinh.Domain.Rehabilitation.RehabSession> RehabSessions => Set<AnSinh.Domain.Rehabilitation.RehabSession>();
    public DbSet<AnSinh.Domain.Rehabilitation.AssistiveDevice> AssistiveDevices => Set<AnSinh.Domain.Rehabilitation.AssistiveDevice>();
    public DbSet<AnSinh.Domain.Alerts.Alert> Alerts => Set<AnSinh.Domain.Alerts.Alert>();
    public DbSet<AnSinh.Domain.Interop.BulkExport> BulkExports => Set<AnSinh.Domain.Interop.BulkExport>();
    public DbSet<AnSinh.Domain.Interop.ImportJob> ImportJobs => Set<AnSinh.Domain.Interop.ImportJob>();
    public DbSet<ReadinessChecklist> ReadinessChecklists => Set<ReadinessChecklist>();
    public DbSet<ReadinessCriterion> ReadinessCriteria => Set<ReadinessCriterion>();
    public DbSet<ReadinessAssessment> ReadinessAssessments => Set<ReadinessAssessment>();
    public DbSet<ReadinessAnswer> ReadinessAnswers => Set<ReadinessAnswer>();
    public DbSet<TechniqueCatalog> TechniqueCatalogs => Set<TechniqueCatalog>();
    public DbSet<Technique> Techniques => Set<Technique>();
    public DbSet<FacilityTechnique> FacilityTechniques => Set<FacilityTechnique>();
    public DbSet<TrainingRecord> TrainingRecords => Set<TrainingRecord>();
    public DbSet<EquipmentItem> EquipmentItems => Set<EquipmentItem>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<PlanPhase> PlanPhases => Set<PlanPhase>();
    public DbSet<PlanTarget> PlanTargets => Set<PlanTarget>();
    public DbSet<PlanTask> PlanTasks => Set<PlanTask>();
    public DbSet<PlanTaskNote> PlanTaskNotes => Set<PlanTaskNote>();
    public DbSet<AnnualReportText> AnnualReportTexts => Set<AnnualReportText>();
    public DbSet<AnSinh.Domain.Indicators.IndicatorSnapshot> IndicatorSnapshots => Set<AnSinh.Domain.Indicators.IndicatorSnapshot>();
    public DbSet<AnSinh.Domain.Indicators.LatestRecords> LatestRecords => Set<AnSinh.Domain.Indicators.LatestRecords>();

    /// <summary>Every context keeps the monitoring read models in step with its saves (<see cref="MonitoringReadModels"/>).</summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.AddInterceptors(ColumnLengths.Instance, MonitoringReadModels.Instance);

    /// <summary>Rebuilds every person's latest records (after an upgrade, or to repair), reporting (done, total) after
    /// each 5,000 people; returns how many people.</summary>
    public Task<int> RebuildLatestRecordsAsync(Action<int, int>? progress = null, CancellationToken ct = default) =>
        LatestRecordsRefresh.RebuildAllAsync(this, progress, ct);

    /// <summary>Applies pending migrations; a database upgraded past the one that adds LatestRecords gets them filled.</summary>
    public Task MigrateAsync(CancellationToken ct = default) => MigrateAsync(null, ct);

    /// <inheritdoc cref="MigrateAsync(CancellationToken)"/>
    public async Task MigrateAsync(Action<int, int>? rebuildProgress, CancellationToken ct = default)
    {
        var pending = await Database.GetPendingMigrationsAsync(ct);
        await Database.MigrateAsync(ct);
        if (pending.Any(m => m.EndsWith("_LatestRecords", StringComparison.Ordinal)))
        {
            await RebuildLatestRecordsAsync(rebuildProgress, ct);
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AnSinhDbContext).Assembly);
    }
}

public sealed class SqliteAnSinhDbContext(DbContextOptions<SqliteAnSinhDbContext> options) : AnSinhDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no native decimal or offset-aware timestamp: store them so that comparison and ordering work.
        configurationBuilder.Properties<decimal>().HaveConversion<double>();
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class PostgresAnSinhDbContext(DbContextOptions<PostgresAnSinhDbContext> options) : AnSinhDbContext(options);
