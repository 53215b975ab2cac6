namespace AnSinh.Domain.Facilities;

/// <summary>How a readiness criterion is answered: from the records, or by an assessor.</summary>
public enum CriterionSource
{
    Assessor = 0,
    /// <summary>A doctor or physician assistant active on staff (a contract is answered by the assessor).</summary>
    DoctorOrPhysicianAssistant = 1,
    /// <summary>At least one nurse active on staff.</summary>
    NursingStaff = 2,
    /// <summary>Every current resident has an intake screening.</summary>
    IntakeForEveryResident = 3,
    /// <summary>A rehabilitation technician active on staff.</summary>
    RehabilitationStaff = 4,
}

/// <summary>A version of the checklist "đủ điều kiện chăm sóc sức khỏe ban đầu, phục hồi chức năng".</summary>
public class ReadinessChecklist
{
    public int Id { get; set; }
    public required string Version { get; set; }
    public DateOnly ValidFrom { get; set; }
    public required string Title { get; set; }
    public List<ReadinessCriterion> Criteria { get; set; } = [];
}

public class ReadinessCriterion
{
    public int Id { get; set; }
    public int ChecklistId { get; set; }
    public required string Code { get; set; }
    public required string Text { get; set; }
    public bool Mandatory { get; set; } = true;
    public CriterionSource Source { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>A dated assessment of one facility against one checklist version; kept, never overwritten.</summary>
public class ReadinessAssessment
{
    public int Id { get; set; }
    public int FacilityId { get; set; }
    public int ChecklistId { get; set; }
    public ReadinessChecklist? Checklist { get; set; }
    public DateOnly Date { get; set; }
    public string? Assessor { get; set; }
    public bool MeetsAllMandatory { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public List<ReadinessAnswer> Answers { get; set; } = [];
}

public class ReadinessAnswer
{
    public int Id { get; set; }
    public int AssessmentId { get; set; }
    public required string CriterionCode { get; set; }
    public bool Met { get; set; }
    /// <summary>True when the records answered it, false when the assessor did.</summary>
    public bool Computed { get; set; }
    public string? Note { get; set; }
}

public static class ReadinessRules
{
    /// <summary>Every mandatory criterion must be met; optional ones never decide.</summary>
    public static bool MeetsAllMandatory(IEnumerable<ReadinessCriterion> criteria, IReadOnlyDictionary<string, bool> answers) =>
        criteria.Where(c => c.Mandatory).All(c => answers.TryGetValue(c.Code, out var met) && met);
}
