namespace ClustersCord.Domain.Reminders;

/// <summary>Where reminder records are kept: one partition per event.</summary>
public interface IReminderLedger
{
    /// <summary>Every record of an event, keyed by registration id and offset.</summary>
    Task<IReadOnlyDictionary<(string RegistrationId, string Offset), ReminderRecord>> ForEventAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>The records of some registrations of an event.</summary>
    Task<IReadOnlyList<ReminderRecord>> ForRegistrationsAsync(string eventId, IReadOnlyList<string> registrationIds, CancellationToken cancellationToken);

    /// <summary>
    /// Writes each record if nobody wrote it since it was read (<see cref="ReminderRecord.Version"/>;
    /// none for a new record). Returns the records that were written, with their new versions; the others
    /// belong to someone else now.
    /// </summary>
    Task<IReadOnlyList<ReminderRecord>> TryWriteAsync(IReadOnlyList<ReminderRecord> records, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes every record of these registrations of an event (erasure, retention): a record's reason may
    /// echo what the email provider said about the address. Returns how many were deleted.
    /// </summary>
    Task<int> ForgetAsync(string eventId, IReadOnlyCollection<string> registrationIds, CancellationToken cancellationToken);
}
