using System.Globalization;
using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Cooperation;

public enum CooperationStatus
{
    Planned,
    Ongoing,
    Done,
    Dropped,
}

/// <summary>
/// An area of cooperation or an action a cluster recorded for its working group: what, with which partner
/// clusters, the next step, the month it is due and how it stands, and the forum meeting it came from.
/// </summary>
public sealed record CooperationRecord
{
    public required string Id { get; init; }
    /// <summary>The cluster that recorded it (it alone edits or removes it; partners may change the status).</summary>
    public required string ClusterId { get; init; }
    public required Sector WorkingGroup { get; init; }
    public required string Title { get; init; }
    public required IReadOnlyList<string> Partners { get; init; }
    public string? NextStep { get; init; }
    /// <summary>"YYYY-MM".</summary>
    public required string DueMonth { get; init; }
    public required CooperationStatus Status { get; init; }
    /// <summary>The forum meeting request it came from, when it did.</summary>
    public string? MeetingRequestId { get; init; }
    public required DateTimeOffset RecordedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Whether only the status differs from <paramref name="other"/> (what a partner may change).</summary>
    public bool DiffersOnlyInStatus(CooperationRecord other)
        => WorkingGroup == other.WorkingGroup && Title == other.Title && Partners.SequenceEqual(other.Partners)
           && NextStep == other.NextStep && DueMonth == other.DueMonth && MeetingRequestId == other.MeetingRequestId;
}

/// <summary>A cooperation record as a cluster sends it.</summary>
public sealed record CooperationInput
{
    public string? WorkingGroup { get; init; }
    public string? Title { get; init; }
    public IReadOnlyList<string>? Partners { get; init; }
    public string? NextStep { get; init; }
    public string? DueMonth { get; init; }
    public string? Status { get; init; }
    public string? MeetingRequestId { get; init; }
}

/// <summary>The shape rules of a cooperation record (who may record it is <see cref="CooperationService"/>'s).</summary>
public static class CooperationValidator
{
    public const int MaxTitleLength = 200;
    public const int MaxNextStepLength = 1000;
    public const int MaxPartners = 30;
    public const int FirstYear = 2000;
    public const int LastYear = 2100;

    /// <summary>The parts of the input that are well-formed; errors for the rest.</summary>
    public static (Sector? WorkingGroup, string? Title, List<string> Partners, string? NextStep, string? DueMonth, CooperationStatus? Status, string? MeetingRequestId)
        Check(CooperationInput input, ValidationErrors errors)
    {
        Sector? group = null;
        if (string.IsNullOrWhiteSpace(input.WorkingGroup))
        {
            errors.Add("workingGroup", "Required.");
        }
        else if ((group = Enums.Parse<Sector>(input.WorkingGroup.Trim())) is null)
        {
            errors.Add("workingGroup", "One of " + Enums.Names<Sector>() + ".");
        }
        var title = TextRules.Check(errors, "title", input.Title, MaxTitleLength, required: true);
        var nextStep = TextRules.Check(errors, "nextStep", input.NextStep, MaxNextStepLength, required: false, multiline: true);
        var partners = new List<string>();
        if (input.Partners is { } given)
        {
            if (given.Count > MaxPartners)
            {
                errors.Add("partners", $"At most {MaxPartners} partner clusters.");
            }
            foreach (var partner in given)
            {
                var id = partner?.Trim();
                if (string.IsNullOrEmpty(id) || id.Length > 100 || !TextRules.IsSingleLine(id))
                {
                    errors.Add("partners", "Each partner is a cluster id from the catalogue.");
                }
                else if (!partners.Contains(id, StringComparer.Ordinal))
                {
                    partners.Add(id);
                }
            }
        }
        string? dueMonth = null;
        if (string.IsNullOrWhiteSpace(input.DueMonth))
        {
            errors.Add("dueMonth", "Required.");
        }
        else if (!DateOnly.TryParseExact(input.DueMonth.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
                 || input.DueMonth.Trim().Length != 7 || month.Year is < FirstYear or > LastYear)
        {
            errors.Add("dueMonth", $"A month as YYYY-MM, such as 2012-09 (years {FirstYear}–{LastYear}).");
        }
        else
        {
            dueMonth = input.DueMonth.Trim();
        }
        CooperationStatus? status = null;
        if (string.IsNullOrWhiteSpace(input.Status))
        {
            errors.Add("status", "Required.");
        }
        else if ((status = Enums.Parse<CooperationStatus>(input.Status.Trim())) is null)
        {
            errors.Add("status", "One of " + Enums.Names<CooperationStatus>() + ".");
        }
        string? meeting = null;
        if (!string.IsNullOrWhiteSpace(input.MeetingRequestId))
        {
            meeting = input.MeetingRequestId.Trim();
            if (meeting.Length > 100 || !meeting.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                errors.Add("meetingRequestId", "The id of a forum meeting request: letters, digits, '-', '_' or '.', at most 100.");
            }
        }
        return (group, title, partners, nextStep, dueMonth, status, meeting);
    }
}

/// <summary>Where cooperation records are kept.</summary>
public interface ICooperationStore
{
    Task AddAsync(CooperationRecord record, CancellationToken cancellationToken);

    Task<Versioned<CooperationRecord>?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces the record provided it is still as read; false when it changed meanwhile.</summary>
    Task<bool> TryReplaceAsync(CooperationRecord record, string etag, CancellationToken cancellationToken);

    /// <summary>Removes the record provided it is still as read; false when it changed meanwhile.</summary>
    Task<bool> TryDeleteAsync(string id, string etag, CancellationToken cancellationToken);

    Task<IReadOnlyList<CooperationRecord>> AllAsync(CancellationToken cancellationToken);
}
