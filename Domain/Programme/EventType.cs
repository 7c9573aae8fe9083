namespace ClustersCord.Domain.Programme;

public enum EventType
{
    ExchangeForum,
    StudyVisit,
    Training,
    Conference,
    AgreementSigning,
    ObserverMeeting,
    BenchmarkingConference,
}
