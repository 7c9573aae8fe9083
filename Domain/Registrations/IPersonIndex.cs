namespace ClustersCord.Domain.Registrations;

/// <summary>
/// A person's registrations across events, by email key, so erasure reaches them all without scanning
/// every event. Written before the registration itself: an entry may point at nothing, never the reverse.
/// </summary>
public interface IPersonIndex
{
    Task AddAsync(string emailKey, string registrationId, CancellationToken cancellationToken);
    Task<IReadOnlyList<string>> RegistrationIdsAsync(string emailKey, CancellationToken cancellationToken);
    Task RemoveAsync(string emailKey, string registrationId, CancellationToken cancellationToken);
}
