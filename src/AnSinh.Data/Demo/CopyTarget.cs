using AnSinh.Domain.Beneficiaries;
using AnSinh.Domain.HealthRecords;
using AnSinh.Domain.Indicators;
using AnSinh.Domain.Monitoring;
using AnSinh.Domain.Stays;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AnSinh.Data.Demo;

/// <summary>
/// The generator's PostgreSQL sink: one transaction, ids allocated past each table's largest, every batch written by
/// binary COPY table after table, and the read models the save interceptor would keep (latest records, stale
/// snapshots) written here too, since COPY bypasses it.
/// </summary>
internal sealed class CopyTarget : IAsyncDisposable
{
    private readonly IDbContextTransaction _transaction;
    private int _person, _category, _stay, _encounter, _condition, _entitlement, _screening;
    private long _observation;

    public long Rows { get; private set; }

    private CopyTarget(IDbContextTransaction transaction) => _transaction = transaction;

    public static async Task<CopyTarget> StartAsync(AnSinhDbContext db, CancellationToken ct)
    {
        var target = new CopyTarget(await db.Database.BeginTransactionAsync(ct));
        // Ids follow each table's largest; the sequences move at the commit. A save by another writer meanwhile takes
        // an id the generator also takes, and one of the two fails: generate into a database nobody else writes to.
        target._person = (int)await BinaryCopy<Beneficiary>.MaxIdAsync(db, ct);
        target._category = (int)await BinaryCopy<BeneficiaryCategory>.MaxIdAsync(db, ct);
        target._stay = (int)await BinaryCopy<Stay>.MaxIdAsync(db, ct);
        target._encounter = (int)await BinaryCopy<Encounter>.MaxIdAsync(db, ct);
        target._observation = await BinaryCopy<Observation>.MaxIdAsync(db, ct);
        target._condition = (int)await BinaryCopy<Condition>.MaxIdAsync(db, ct);
        target._entitlement = (int)await BinaryCopy<Entitlement>.MaxIdAsync(db, ct);
        target._screening = (int)await BinaryCopy<ScreeningResult>.MaxIdAsync(db, ct);
        return target;
    }

    /// <summary>Gives the people, their categories and stays their ids, as a save would.</summary>
    public void AssignIds(IEnumerable<Beneficiary> persons)
    {
        foreach (var person in persons)
        {
            person.Id = ++_person;
            foreach (var category in person.Categories)
            {
                (category.Id, category.BeneficiaryId) = (++_category, person.Id);
            }

            foreach (var stay in person.Stays)
            {
                (stay.Id, stay.BeneficiaryId) = (++_stay, person.Id);
            }
        }
    }

    public async Task WriteAsync(AnSinhDbContext db, List<Beneficiary> persons, List<Encounter> encounters, List<Entitlement> entitlements,
        List<ScreeningResult> screenings, CancellationToken ct)
    {
        foreach (var e in encounters)
        {
            e.Id = ++_encounter;
            foreach (var o in e.Observations)
            {
                (o.Id, o.EncounterId) = (++_observation, e.Id);
            }

            foreach (var c in e.Conditions)
            {
                (c.Id, c.EncounterId) = (++_condition, e.Id);
            }
        }

        foreach (var x in entitlements)
        {
            x.Id = ++_entitlement;
        }

        foreach (var x in screenings)
        {
            x.Id = ++_screening;
        }

        var latest = LatestOf(persons, encounters);
        await CopyAsync(db, persons, ct);
        await CopyAsync(db, persons.SelectMany(p => p.Categories), ct);
        await CopyAsync(db, persons.SelectMany(p => p.Stays), ct);
        await CopyAsync(db, encounters, ct);
        await CopyAsync(db, encounters.SelectMany(e => e.Observations), ct);
        await CopyAsync(db, encounters.SelectMany(e => e.Conditions), ct);
        await CopyAsync(db, entitlements, ct);
        await CopyAsync(db, screenings, ct);
        await CopyAsync(db, latest, ct);
    }

    /// <summary>Moves the id sequences on, drops the kept figures the new records make stale, and commits.</summary>
    public async Task CompleteAsync(AnSinhDbContext db, CancellationToken ct)
    {
        await BinaryCopy<Beneficiary>.ResetIdentityAsync(db, ct);
        await BinaryCopy<BeneficiaryCategory>.ResetIdentityAsync(db, ct);
        await BinaryCopy<Stay>.ResetIdentityAsync(db, ct);
        await BinaryCopy<Encounter>.ResetIdentityAsync(db, ct);
        await BinaryCopy<Observation>.ResetIdentityAsync(db, ct);
        await BinaryCopy<Condition>.ResetIdentityAsync(db, ct);
        await BinaryCopy<Entitlement>.ResetIdentityAsync(db, ct);
        await BinaryCopy<ScreeningResult>.ResetIdentityAsync(db, ct);
        await db.IndicatorSnapshots.ExecuteDeleteAsync(ct);
        // COPY bypasses the save interceptor: tell this process and, on commit, every other one.
        await ChangeVersions.NotifyAsync(db, ChangeKinds.Facilities | ChangeKinds.Records, ct);
        await _transaction.CommitAsync(ct);
        ChangeVersions.Of(db).Advance(ChangeKinds.Facilities | ChangeKinds.Records);
    }

    public ValueTask DisposeAsync() => _transaction.DisposeAsync();

    private async Task CopyAsync<T>(AnSinhDbContext db, IEnumerable<T> rows, CancellationToken ct) where T : class
    {
        await using var copy = await BinaryCopy<T>.StartAsync(db, ct);
        foreach (var row in rows)
        {
            await copy.WriteAsync(row, ct);
        }

        await copy.CompleteAsync(ct);
        Rows += copy.Rows;
    }

    /// <summary>The latest records of the batch's people, computed as <see cref="LatestRecordsRefresh"/> would.</summary>
    private static List<LatestRecords> LatestOf(List<Beneficiary> persons, List<Encounter> encounters)
    {
        var chronic = Loinc.ChronicDiseaseCodes.ToHashSet();
        var byPerson = encounters.ToLookup(e => e.BeneficiaryId);
        return persons.Select(p =>
        {
            var g = byPerson[p.Id];
            var latest = new LatestRecords { BeneficiaryId = p.Id };
            latest.Recompute(g.Select(e => (e.Kind, e.Date, e.HasVitalSigns)),
                g.SelectMany(e => e.Observations).Where(o => chronic.Contains(o.Code)).OrderBy(o => o.Id).Select(o => (o.Code, o.Value, o.Date)).ToList());
            return latest;
        }).ToList();
    }
}
