using Azure.Data.Tables;
using ClustersCord.Domain.Email;
using ClustersCord.Domain.Registrations;

namespace ClustersCord.Functions.Storage;

internal sealed partial class EventPartitionWriter
{
    /// <summary>
    /// Each admission writes two rows (registration, duplicate check), plus the seats row and the batch's one
    /// row of pending emails (<see cref="PendingEmailBatches"/>): 49 × 2 + 2 = 100.
    /// </summary>
    public const int MaxAdmissionsPerTransaction = 49;
    /// <summary>An entity-group transaction's limit; each invitation used in a batch takes one row more.</summary>
    private const int MaxRowsPerTransaction = 100;

    /// <summary>Whether a batch of <paramref name="admissions"/>, one more using <paramref name="invitationId"/>, fits one transaction.</summary>
    private static bool Fits(int admissions, HashSet<string> invitations, string? invitationId)
        => 2 + 2 * admissions + invitations.Count + (invitationId is not null && !invitations.Contains(invitationId) ? 1 : 0) <= MaxRowsPerTransaction;

    /// <summary>
    /// Commits a batch of admissions in one transaction under the seats' ETag (the seat counts and each
    /// invitation's uses with them). A 412 reloads and decides again; a 409 on a person's duplicate-check
    /// row answers that person with the registration already there. Both count against
    /// <see cref="MaxConflicts"/> unless they settled someone, and each retry checks the deadlines.
    /// </summary>
    private async Task CommitAdmissionsAsync(List<AdmitWork> works)
    {
        var (pending, repeats) = Waitlist.ByPerson(works, w => w.Candidate.EmailKey);
        foreach (var (repeat, first) in repeats)
        {
            Follow(repeat, first);
        }
        var waiting = pending.ToList();
        var conflicts = 0;
        while (waiting.Count > 0)
        {
            var seats = await CurrentSeatsAsync() ?? throw new InvalidOperationException($"Event {_eventId} has no seats record.");
            var state = seats.State;
            if (state.Closed)
            {
                // The event is cancelled (TableRegistrationStore.CloseAsync): nobody is admitted any more.
                waiting.ForEach(w => w.Completion.TrySetResult(null));
                return;
            }
            var actions = new List<TableTransactionAction> { null! };
            var owners = new List<AdmitWork?> { null };
            var admissions = new List<(AdmitWork Work, Admission Admission)>();
            // A new key each attempt: a try that failed wrote nothing, and one whose answer was lost but that
            // committed is found again by its registrations (SettleDuplicateAsync).
            var batch = PendingEmailBatches.NewKey();
            // Read afresh on every attempt: a use is taken under the row's ETag, so a revocation or another
            // instance's use in between fails the transaction (412) and this loop decides again.
            var invitations = await ReadInvitationsAsync(waiting);
            var taken = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var work in waiting.ToList())
            {
                if (work.InvitationId is { } invitationId)
                {
                    var row = invitations[invitationId];
                    var uses = taken.GetValueOrDefault(invitationId);
                    if (row is null || !(InvitationEntities.ToInvitation(row) with { Uses = (row.GetInt32(InvitationEntities.Uses) ?? 0) + uses }).IsUsable)
                    {
                        work.Completion.TrySetResult(null);
                        waiting.Remove(work);
                        continue;
                    }
                    taken[invitationId] = uses + 1;
                }
                (state, var admission) = Waitlist.Admit(state, work.Candidate);
                var registration = admission.Registration;
                actions.Add(new(TableTransactionActionType.Add, RegistrationEntities.ToEntity(registration)));
                actions.Add(new(TableTransactionActionType.Add, RegistrationEntities.Pointer(_eventId, RegistrationKeys.Email(registration.EmailKey), registration.Id)));
                owners.AddRange([work, work]);
                admissions.Add((work, admission with { Email = new PendingEmail(registration.Id, PendingEmail.KindFor(registration.Status)) { Batch = batch } }));
            }
            if (waiting.Count == 0)
            {
                break;
            }
            actions.Add(new(TableTransactionActionType.Add, PendingEmailBatches.ToEntity(_eventId, batch, admissions.Select(a => a.Admission.Email!), _time.GetUtcNow())));
            owners.Add(null);
            foreach (var (invitationId, count) in taken)
            {
                var row = invitations[invitationId]!;
                actions.Add(new(TableTransactionActionType.UpdateMerge, InvitationEntities.TakeUses(row, count), row.ETag));
                owners.Add(null);
            }
            actions[0] = new(TableTransactionActionType.UpdateReplace, RegistrationEntities.ToEntity(_eventId, state), seats.ETag);
            try
            {
                var response = await _table.SubmitTransactionAsync(actions);
                _seats = Written(state, response.Value[0]);
                foreach (var (work, admission) in admissions)
                {
                    work.Completion.TrySetResult(admission);
                }
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
            {
                // Another writer changed the seats or an invitation (412, or 404 for an invitation deleted
                // meanwhile), or a person registered meanwhile (409 on their duplicate-check row: another
                // instance, or an earlier try whose answer was lost).
                _seats = null;
                var settled = e is { Status: 409, FailedTransactionActionIndex: { } index } && index < owners.Count && owners[index] is { } duplicate
                              && await SettleDuplicateAsync(duplicate);
                if (settled)
                {
                    waiting.RemoveAll(w => w.Completion.Task.IsCompleted);
                }
                else
                {
                    await AfterConflictAsync(++conflicts, waiting.Min(w => w.Deadline), e);
                }
                ExpireOverdue(waiting);
            }
        }
    }

    /// <summary>Answers a repeat with the person's registration already stored; false when there is none to give.</summary>
    private async Task<bool> SettleDuplicateAsync(AdmitWork duplicate)
    {
        var existing = await FindByEmailAsync(_table, _eventId, duplicate.Candidate.EmailKey);
        if (existing is null)
        {
            return false;
        }
        var position = Waitlist.Position(existing, await WaitingTicketsAheadAsync(_table, existing));
        var created = existing.Id == duplicate.Candidate.Id;
        // Its own earlier try committed and its answer was lost: the email it owes is in that try's batch row.
        var email = created ? await PendingEmailBatches.FindAsync(_table, _eventId, existing.Id) : null;
        duplicate.Completion.TrySetResult(new Admission(existing, created, position) { Email = email });
        return true;
    }

    /// <summary>Refuses, before another try, the admissions whose deadline has passed meanwhile.</summary>
    private void ExpireOverdue(List<AdmitWork> waiting)
    {
        var now = _time.GetUtcNow();
        foreach (var work in waiting.Where(w => w.Deadline <= now).ToList())
        {
            work.Fail(StorageContentionException.DeadlinePassed(_eventId));
            waiting.Remove(work);
        }
    }

    /// <summary>The invitation rows the pending admissions use, by id; null where there is none.</summary>
    private async Task<Dictionary<string, TableEntity?>> ReadInvitationsAsync(List<AdmitWork> pending)
    {
        var rows = new Dictionary<string, TableEntity?>(StringComparer.Ordinal);
        foreach (var id in pending.Select(w => w.InvitationId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(_eventId, RegistrationKeys.Invitation(id));
            rows[id] = row.HasValue ? row.Value : null;
        }
        return rows;
    }

    private static void Follow(AdmitWork repeat, AdmitWork first)
        => first.Completion.Task.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                repeat.Completion.TrySetResult(t.Result is null ? null : t.Result with { Created = false });
            }
            else
            {
                repeat.Completion.TrySetException(t.Exception?.InnerException ?? new InvalidOperationException("Registration failed."));
            }
        }, TaskScheduler.Default);

    internal static async Task<Registration?> FindByEmailAsync(TableClient table, string eventId, string emailKey)
    {
        var pointer = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.Email(emailKey));
        if (!pointer.HasValue || pointer.Value!.GetString("RegistrationId") is not { } id)
        {
            return null;
        }
        var row = await table.GetEntityIfExistsAsync<TableEntity>(eventId, RegistrationKeys.Registration(id));
        return row.HasValue ? RegistrationEntities.ToRegistration(row.Value!) : null;
    }

    /// <summary>The tickets of the registrations waiting ahead of <paramref name="registration"/> (none unless it waits).</summary>
    internal static async Task<IReadOnlyList<long>> WaitingTicketsAheadAsync(TableClient table, Registration registration, CancellationToken cancellationToken = default)
    {
        if (registration is not { Status: RegistrationStatus.Waitlisted, WaitlistTicket: { } ticket })
        {
            return [];
        }
        var filter = RegistrationKeys.Registrations(registration.EventId) + " and "
                     + TableClient.CreateQueryFilter($"Status eq {Domain.Common.Enums.Name(RegistrationStatus.Waitlisted)} and WaitlistTicket lt {ticket}");
        var tickets = new List<long>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["WaitlistTicket"], cancellationToken: cancellationToken))
        {
            tickets.Add(row.GetInt64("WaitlistTicket") ?? 0);
        }
        return tickets;
    }
}
