namespace ClustersCord.Domain.Registrations;

public enum RegistrationStatus
{
    Confirmed,
    Waitlisted,
    Cancelled,
}

public enum ParticipantRole
{
    ClusterManager,
    ClusterMember,
    Observer,
    Partner,
    Other,
}
