using AnSinh.Domain.HealthRecords;

namespace AnSinh.Domain.Indicators;

/// <summary>
/// One person's latest encounters and chronic-disease readings, kept up to date whenever their records change.
/// Today's figures read these instead of every encounter and reading (records cannot be dated in the future, so the
/// latest record is the latest on or before today); past dates still read the records themselves.
/// </summary>
public sealed class LatestRecords
{
    public int BeneficiaryId { get; set; }
    public DateOnly? FirstIntakeOn { get; set; }
    public DateOnly? LastPeriodicCheckOn { get; set; }
    public DateOnly? LastVitalSignsOn { get; set; }
    public DateOnly? LastEncounterOn { get; set; }
    public DateOnly? LastSystolicOn { get; set; }
    public decimal? LastSystolic { get; set; }

    /// <summary>The diastolic pressure measured on the day of the last systolic one (CHR-HTN control needs both).</summary>
    public decimal? DiastolicOnLastSystolicDay { get; set; }

    public DateOnly? LastGlucoseOn { get; set; }
    public decimal? LastGlucose { get; set; }
    public DateOnly? LastHbA1cOn { get; set; }
    public decimal? LastHbA1c { get; set; }

    /// <summary>Recomputes from every encounter and chronic-disease reading of the person.</summary>
    public void Recompute(IEnumerable<(EncounterKind Kind, DateOnly Date, bool HasVitalSigns)> encounters, IEnumerable<(string Code, decimal Value, DateOnly Date)> readings)
    {
        FirstIntakeOn = LastPeriodicCheckOn = LastVitalSignsOn = LastEncounterOn = null;
        foreach (var (kind, date, hasVitalSigns) in encounters)
        {
            FirstIntakeOn = kind == EncounterKind.IntakeScreening && (FirstIntakeOn is null || date < FirstIntakeOn) ? date : FirstIntakeOn;
            LastPeriodicCheckOn = kind == EncounterKind.PeriodicCheck && (LastPeriodicCheckOn is null || date > LastPeriodicCheckOn) ? date : LastPeriodicCheckOn;
            LastVitalSignsOn = hasVitalSigns && (LastVitalSignsOn is null || date > LastVitalSignsOn) ? date : LastVitalSignsOn;
            LastEncounterOn = LastEncounterOn is null || date > LastEncounterOn ? date : LastEncounterOn;
        }

        LastSystolicOn = LastGlucoseOn = LastHbA1cOn = null;
        LastSystolic = DiastolicOnLastSystolicDay = LastGlucose = LastHbA1c = null;
        var list = readings as IReadOnlyCollection<(string Code, decimal Value, DateOnly Date)> ?? readings.ToList();
        foreach (var (code, value, date) in list)
        {
            // The first reading of the latest day wins, as in IndicatorEngine.
            if (code == Loinc.Systolic && (LastSystolicOn is null || date > LastSystolicOn))
            {
                (LastSystolicOn, LastSystolic) = (date, value);
            }
            else if (code == Loinc.Glucose && (LastGlucoseOn is null || date > LastGlucoseOn))
            {
                (LastGlucoseOn, LastGlucose) = (date, value);
            }
            else if (code == Loinc.HbA1c && (LastHbA1cOn is null || date > LastHbA1cOn))
            {
                (LastHbA1cOn, LastHbA1c) = (date, value);
            }
        }

        DiastolicOnLastSystolicDay = list.Where(r => r.Code == Loinc.Diastolic && r.Date == LastSystolicOn).Select(r => (decimal?)r.Value).FirstOrDefault();
    }

    /// <summary>The encounters the indicator rules look at, in the shape the loader gives them for any date.</summary>
    public IEnumerable<EncounterFact> EncounterFacts()
    {
        if (FirstIntakeOn is { } intake)
        {
            yield return new EncounterFact(BeneficiaryId, EncounterKind.IntakeScreening, intake, false);
        }

        if (LastPeriodicCheckOn is { } periodic)
        {
            yield return new EncounterFact(BeneficiaryId, EncounterKind.PeriodicCheck, periodic, false);
        }

        if (LastVitalSignsOn is { } vitals)
        {
            yield return new EncounterFact(BeneficiaryId, EncounterKind.SickVisit, vitals, true);
        }

        if (LastEncounterOn is { } any)
        {
            yield return new EncounterFact(BeneficiaryId, EncounterKind.SickVisit, any, false);
        }
    }

    /// <summary>The readings CHR-HTN and CHR-DM look at: the last of each kind (and the diastolic of that day).</summary>
    public IEnumerable<ObservationFact> ReadingFacts()
    {
        if (LastSystolicOn is { } bpDay && LastSystolic is { } systolic)
        {
            yield return new ObservationFact(BeneficiaryId, Loinc.Systolic, systolic, bpDay);
            if (DiastolicOnLastSystolicDay is { } diastolic)
            {
                yield return new ObservationFact(BeneficiaryId, Loinc.Diastolic, diastolic, bpDay);
            }
        }

        if (LastGlucoseOn is { } glucoseDay && LastGlucose is { } glucose)
        {
            yield return new ObservationFact(BeneficiaryId, Loinc.Glucose, glucose, glucoseDay);
        }

        if (LastHbA1cOn is { } hba1cDay && LastHbA1c is { } hba1c)
        {
            yield return new ObservationFact(BeneficiaryId, Loinc.HbA1c, hba1c, hba1cDay);
        }
    }
}
