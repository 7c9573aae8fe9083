using System.Text.RegularExpressions;

namespace ClustersCord.Domain.Programme;

/// <summary>A reminder's distance before the start: an ISO 8601 duration of days, hours and minutes.</summary>
public static partial class ReminderOffset
{
    public static readonly TimeSpan Longest = TimeSpan.FromDays(366);

    public static bool TryParse(string? text, out TimeSpan offset)
    {
        offset = default;
        var match = text is null ? Match.Empty : Pattern().Match(text);
        if (!match.Success || match.Value == "P" || text!.EndsWith('T'))
        {
            return false;
        }
        static int Part(Group g) => g.Success ? int.Parse(g.Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        try
        {
            offset = TimeSpan.FromDays(Part(match.Groups["d"])) + TimeSpan.FromHours(Part(match.Groups["h"])) + TimeSpan.FromMinutes(Part(match.Groups["m"]));
        }
        catch (OverflowException)
        {
            return false;
        }
        return offset > TimeSpan.Zero && offset <= Longest;
    }

    [GeneratedRegex(@"^P(?:(?<d>\d{1,4})D)?(?:T(?:(?<h>\d{1,4})H)?(?:(?<m>\d{1,6})M)?)?$")]
    private static partial Regex Pattern();
}
