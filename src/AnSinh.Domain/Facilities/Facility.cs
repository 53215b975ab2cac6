using AnSinh.Domain.Geography;

namespace AnSinh.Domain.Facilities;

public enum FacilityType
{
    /// <summary>Cơ sở nuôi dưỡng, điều dưỡng người có công.</summary>
    MeritoriousCareCentre = 1,
    /// <summary>Cơ sở trợ giúp xã hội.</summary>
    SocialAssistance = 2,
    /// <summary>Cơ sở cai nghiện ma túy.</summary>
    DrugRehabilitation = 3,
    /// <summary>Trạm y tế xã.</summary>
    CommuneHealthStation = 4,
}

public enum Ownership
{
    Public = 1,
    Private = 2,
}

public class Facility
{
    public int Id { get; set; }

    /// <summary>Goes up by one with each edit; an edit made from an older version is refused (optimistic concurrency).</summary>
    public int Version { get; set; }

    public required string Name { get; set; }
    public FacilityType Type { get; set; }
    public Ownership Ownership { get; set; }
    public int AdminUnitId { get; set; }
    public AdminUnit? AdminUnit { get; set; }
    public string? Address { get; set; }
    public int Capacity { get; set; }
    public string? LicenceNumber { get; set; }
    public DateOnly? LicenceDate { get; set; }
    public string? ManagingAgency { get; set; }
    public DateOnly? OpenedOn { get; set; }
    public DateOnly? ClosedOn { get; set; }
    public List<StaffMember> Staff { get; set; } = [];

    public bool IsActiveOn(DateOnly date) =>
        (OpenedOn is null || OpenedOn <= date) && (ClosedOn is null || ClosedOn >= date);
}

public enum Profession
{
    Doctor = 1,
    PhysicianAssistant = 2,
    Nurse = 3,
    RehabTechnician = 4,
    Pharmacist = 5,
    Caregiver = 6,
    SocialWorker = 7,
}

public class StaffMember
{
    public int Id { get; set; }
    public int FacilityId { get; set; }
    public Facility? Facility { get; set; }
    public required string FullName { get; set; }
    public Profession Profession { get; set; }
    public string? PractisingCertificateNumber { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
}
