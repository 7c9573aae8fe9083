using ClustersCord.Domain.Programme;

namespace ClustersCord.Domain.Registrations;

public sealed record ErasureReport(int Registrations, int Cancelled);

/// <summary>
/// A person's right to erasure, and the retention limit: registrations are anonymised a while after their
/// event ended. Anonymised records keep what statistics need and nothing that identifies anyone.
/// </summary>
public sealed class PersonalDataService(
    IEventStore events,
    IRegistrationStore registrations,
    RegistrationService registrationService,
    TimeProvider time)
{
    /// <summary>
    /// Finds the person's registrations event by event (one range read each, in the event's own partition,
    /// where the index rows are written in the same transaction as the registrations they point at); the
    /// programme holds tens of events, and erasure is rare.
    /// </summary>
    public async Task<ErasureReport> EraseAsync(string email, CancellationToken cancellationToken)
    {
        var key = EmailAddress.Normalize(email);
        var erased = 0;
        var cancelled = 0;
        foreach (var programmeEvent in await events.ListAsync(cancellationToken))
        {
            foreach (var id in await registrations.RegistrationIdsOfAsync(programmeEvent.Id, key, cancellationToken))
            {
                var registration = await registrations.GetAsync(id, cancellationToken);
                if (registration is null || registration.AnonymisedAt is not null || registration.EmailKey != key)
                {
                    continue;
                }
                if (registration.IsActive)
                {
                    // Without a way to reach the person the seat is of no use to them: give it to the next.
                    registration = (await registrationService.CancelAndPromoteAsync(id, cancellationToken))?.Registration ?? registration;
                    cancelled++;
                }
                await registrations.AnonymiseAsync(registration.Anonymise(time.GetUtcNow()), key, cancellationToken);
                erased++;
            }
        }
        return new ErasureReport(erased, cancelled);
    }

    /// <summary>Anonymises every registration of events that ended more than <paramref name="retention"/> ago.</summary>
    public async Task<int> PurgeAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - retention;
        var anonymised = 0;
        foreach (var programmeEvent in await events.ListAsync(cancellationToken))
        {
            if (EndOf(programmeEvent) is not { } ended || ended > cutoff)
            {
                continue;
            }
            await foreach (var registration in registrations.AllAsync(programmeEvent.Id, cancellationToken))
            {
                if (registration.AnonymisedAt is not null)
                {
                    continue;
                }
                await registrations.AnonymiseAsync(registration.Anonymise(time.GetUtcNow()), registration.EmailKey, cancellationToken);
                anonymised++;
            }
        }
        return anonymised;
    }

    private static DateTimeOffset? EndOf(Event programmeEvent)
        => programmeEvent.EndsAt ?? (programmeEvent.Month is null ? null : programmeEvent.SortKey.AddMonths(1));
}
