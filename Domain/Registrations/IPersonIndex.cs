namespace ClustersCord.Domain.Registrations;

/// <summary>
/// A person's registrations across events, by email key, so erasure reaches them all without scanning
/// every event. Written beside the registration, which is acknowledged only when both are stored: an entry
/// may point at nothing, never the reverse.
/// </summary>
public interface IPersonIndex
{
    Task AddAsync(string emailKey, string registrationId, CancellationToken cancellationToken);
    Task<IReadOnlyList<string>> RegistrationIdsAsync(string emailKey, CancellationToken cancellationToken);
    Task RemoveAsync(string emailKey, string registrationId, CancellationToken cancellationToken);
}
