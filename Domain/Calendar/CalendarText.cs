using System.Text;
using Ical.Net.Serialization;

namespace ClustersCord.Domain.Calendar;

/// <summary>
/// A calendar as RFC 5545 text, its content lines folded at 75 octets between whole characters. Ical.Net 5.2.4
/// folds by UTF-16 unit, so a fold can fall between the two halves of an emoji (a surrogate pair); each half then
/// encodes as U+FFFD and the name or text arrives broken. Its output is unfolded and folded again by rune.
/// </summary>
public static class CalendarText
{
    /// <summary>RFC 5545 §3.1: lines should not be longer than 75 octets, excluding the line break.</summary>
    private const int LineOctets = 75;

    private const string LineBreak = "\r\n";

    public static string Serialize(Ical.Net.Calendar calendar)
    {
        // A line break followed by a space is a fold wherever it occurs (RFC 5545 §3.1): text values escape their own line breaks.
        var unfolded = (new CalendarSerializer().SerializeToString(calendar) ?? "").Replace(LineBreak + " ", "", StringComparison.Ordinal);
        var folded = new StringBuilder(unfolded.Length + unfolded.Length / 64 * 3);
        foreach (var line in unfolded.Split(LineBreak, StringSplitOptions.RemoveEmptyEntries))
        {
            Fold(line, folded);
        }
        return folded.ToString();
    }

    private static void Fold(string line, StringBuilder folded)
    {
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            if (octets + rune.Utf8SequenceLength > LineOctets)
            {
                folded.Append(LineBreak).Append(' ');
                octets = 1;
            }
            folded.Append(rune.ToString());
            octets += rune.Utf8SequenceLength;
        }
        folded.Append(LineBreak);
    }
}
