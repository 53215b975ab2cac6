namespace AnSinh.Domain.Referrals;

/// <summary>The three levels of care of the Law on Medical Examination and Treatment 2023 (Điều 104).</summary>
public enum CareLevel
{
    /// <summary>Cấp khám bệnh, chữa bệnh ban đầu (trạm y tế, phòng khám).</summary>
    Primary = 1,
    /// <summary>Cấp khám bệnh, chữa bệnh cơ bản (bệnh viện huyện, đa khoa tỉnh).</summary>
    Basic = 2,
    /// <summary>Cấp khám bệnh, chữa bệnh chuyên sâu.</summary>
    Specialized = 3,
}

public enum ReferralUrgency
{
    Routine = 1,
    Urgent = 2,
    Emergency = 3,
}

/// <summary>The two grounds the referral letter offers (khoanh tròn lý do chuyển tuyến).</summary>
public enum ReferralGround
{
    /// <summary>Đủ điều kiện chuyển tuyến (the facility cannot treat the illness).</summary>
    MeetsConditions = 1,
    /// <summary>Theo yêu cầu của người bệnh hoặc người đại diện hợp pháp.</summary>
    PatientRequest = 2,
}

public enum ReferralTransport
{
    Ambulance = 1,
    FacilityVehicle = 2,
    Family = 3,
    Other = 9,
}

/// <summary>Chuyển tuyến: a person sent to a hospital, and the answer that came back.</summary>
public class Referral
{
    public int Id { get; set; }
    public int BeneficiaryId { get; set; }
    public int FacilityId { get; set; }
    public DateOnly Date { get; set; }
    /// <summary>The local time the person left, as the letter states it ("chuyển tuyến hồi … giờ … phút").</summary>
    public TimeOnly? Time { get; set; }
    public required string Destination { get; set; }
    public CareLevel? DestinationLevel { get; set; }
    public ReferralUrgency? Urgency { get; set; }
    public ReferralGround? Ground { get; set; }
    public string? Reason { get; set; }
    public string? DiagnosisCode { get; set; }
    public string? Diagnosis { get; set; }
    public string? ClinicalSigns { get; set; }
    public string? TestResults { get; set; }
    public string? TreatmentGiven { get; set; }
    public string? ConditionAtTransfer { get; set; }
    public string? TreatmentDirection { get; set; }
    public ReferralTransport? Transport { get; set; }
    /// <summary>Họ tên, chức danh, trình độ chuyên môn của người hộ tống.</summary>
    public string? Escort { get; set; }
    public string? ReferredBy { get; set; }
    public string? ReferredByName { get; set; }
    public DateOnly? OutcomeDate { get; set; }
    public string? Outcome { get; set; }
    /// <summary>The day the hospital sent the person back (chuyển về tuyến dưới), when it did.</summary>
    public DateOnly? BackReferredOn { get; set; }
}
