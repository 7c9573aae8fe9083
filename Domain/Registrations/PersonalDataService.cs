using ClustersCord.Domain.Catalogue;
using ClustersCord.Domain.Programme;
using ClustersCord.Domain.Reminders;

namespace ClustersCord.Domain.Registrations;

/// <summary>What one erasure reached, kind by kind.</summary>
public sealed record ErasureReport(int Registrations, int Cancelled, int PendingEmails, int Reminders, int ClusterContacts, int Invitations,
    int IntroductionMessages = 0, int IntroductionContacts = 0, int Signatories = 0);

/// <summary>What one retention run anonymised.</summary>
public sealed record PurgeReport(int Registrations, int PendingEmails, int Reminders);

/// <summary>
/// A person's right to erasure, and the retention limit: registrations are anonymised a while after their
/// event ended. Anonymised records keep what statistics need and nothing that identifies anyone; what
/// else pointed at the person (index rows, emails still owed, reminder records, invitations, a cluster's contact)
/// goes with them.
/// </summary>
public sealed class PersonalDataService(
    IEventStore events,
    IRegistrationStore registrations,
    IReminderLedger reminders,
    IClusterStore clusters,
    IInvitationStore invitations,
    RegistrationService registrationService,
    Email.IEmailRefusalStore refusals,
    Cooperation.IntroductionService introductions,
    Cooperation.AgreementService agreement,
    Meetings.IMeetingStore meetings,
    TimeProvider time)
{
    /// <summary>
    /// Finds the person's registrations event by event (one range read each, in the event's own partition,
    /// where the index rows are written in the same transaction as the registrations they point at); the
    /// programme holds tens of events, and erasure is rare. Then the cluster profiles naming them as contact.
    /// </summary>
    public async Task<ErasureReport> EraseAsync(string email, CancellationToken cancellationToken)
    {
        var key = EmailAddress.Normalize(email);
        int erased = 0, cancelled = 0, pendingEmails = 0, reminderRecords = 0, invitationRows = 0;
        foreach (var programmeEvent in await events.ListAsync(cancellationToken))
        {
            // An invitation bound to the person holds their address: it goes whole.
            invitationRows += await invitations.ForgetPersonAsync(programmeEvent.Id, key, cancellationToken);
            var ids = new List<string>();
            foreach (var id in await registrations.RegistrationIdsOfAsync(programmeEvent.Id, key, cancellationToken))
            {
                var registration = await registrations.GetAsync(id, cancellationToken);
                if (registration is null || registration.EmailKey != key)
                {
                    continue;
                }
                if (registration.IsActive)
                {
                    // Without a way to reach the person the seat is of no use to them: give it to the next.
                    await registrationService.CancelAndPromoteAsync(id, cancellationToken, tellOthers: false);
                    cancelled++;
                }
                if (await registrations.AnonymiseAsync(id, time.GetUtcNow(), cancellationToken) is { } done)
                {
                    erased += done.Changed ? 1 : 0;
                    pendingEmails += done.PendingEmails;
                    ids.Add(id);
                }
            }
            if (ids.Count > 0)
            {
                reminderRecords += await reminders.ForgetAsync(programmeEvent.Id, ids, cancellationToken);
                // A refused email names the registration only, but it is the person's: it goes with them.
                await refusals.ForgetRegistrationsAsync(ids, cancellationToken);
                // What the person wrote for meetings (topics, messages, outcomes) goes with them too.
                await meetings.ForgetAsync(programmeEvent.Id, ids, cancellationToken);
            }
        }
        // Introductions: the messages the person wrote and the copies of their contact given on acceptance;
        // the agreement: their name as the one who signed for their cluster (the cluster's signature stays).
        var (messages, contactCopies) = await introductions.EraseAsync(email, cancellationToken);
        var signatories = await agreement.EraseAsync(email, cancellationToken);
        var contacts = await EraseContactsAsync(key, cancellationToken);
        return new ErasureReport(erased, cancelled, pendingEmails, reminderRecords, contacts, invitationRows, messages, contactCopies, signatories);
    }

    /// <summary>Anonymises every registration of events that ended more than <paramref name="retention"/> ago.</summary>
    public async Task<PurgeReport> PurgeAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - retention;
        int anonymised = 0, pendingEmails = 0, reminderRecords = 0;
        foreach (var programmeEvent in await events.ListAsync(cancellationToken))
        {
            if (EndOf(programmeEvent) is not { } ended || ended > cutoff)
            {
                continue;
            }
            var ids = new List<string>();
            await foreach (var registration in registrations.AllAsync(programmeEvent.Id, cancellationToken))
            {
                // An anonymised one lost its owed emails and reminder records with it.
                if (registration.AnonymisedAt is null)
                {
                    ids.Add(registration.Id);
                }
            }
            if (ids.Count == 0)
            {
                continue;
            }
            foreach (var id in ids)
            {
                if (await registrations.AnonymiseAsync(id, time.GetUtcNow(), cancellationToken) is { } done)
                {
                    anonymised += done.Changed ? 1 : 0;
                    pendingEmails += done.PendingEmails;
                }
            }
            reminderRecords += await reminders.ForgetAsync(programmeEvent.Id, ids, cancellationToken);
            await meetings.ForgetAsync(programmeEvent.Id, ids, cancellationToken);
        }
        return new PurgeReport(anonymised, pendingEmails, reminderRecords);
    }

    /// <summary>
    /// Clears the contact of every profile that names this person (approved, pending or rejected), and of
    /// a pending edit that names them; an approved one moves the catalogue version on, so no instance keeps
    /// serving its cached copy. Each is changed under the row's ETag, so a decision or edit meanwhile is kept.
    /// </summary>
    private async Task<int> EraseContactsAsync(string emailKey, CancellationToken cancellationToken)
    {
        bool Names(ClusterContact contact) => !contact.IsErased && EmailAddress.Normalize(contact.Email) == emailKey;
        var erased = 0;
        foreach (var found in await clusters.AllAsync(cancellationToken))
        {
            if (!Names(found.Contact) && !(found.PendingEdit is { } edit && Names(edit.Contact)))
            {
                continue;
            }
            var changed = await clusters.UpdateAsync(found.Id, profile =>
            {
                if (profile is null || (!Names(profile.Contact) && !(profile.PendingEdit is { } pending && Names(pending.Contact))))
                {
                    return new ProfileChange<bool>(false);
                }
                var cleared = profile with
                {
                    Contact = Names(profile.Contact) ? ClusterContact.Erased : profile.Contact,
                    PendingEdit = profile.PendingEdit is { } pendingEdit && (Names(pendingEdit.Contact) || Names(profile.Contact))
                        ? pendingEdit with { Contact = ClusterContact.Erased }
                        : profile.PendingEdit,
                };
                return new ProfileChange<bool>(true, cleared, profile.Status == ProfileStatus.Approved);
            }, cancellationToken);
            erased += changed ? 1 : 0;
        }
        return erased;
    }

    private static DateTimeOffset? EndOf(Event programmeEvent)
        => programmeEvent.EndsAt ?? (programmeEvent.Month is null ? null : programmeEvent.SortKey.AddMonths(1));
}
