using System.Text;

namespace ClustersCord.Domain.Email;

/// <summary>
/// Fills the <c>{event}</c>-style slots of the email texts in one pass: a value is never searched for
/// slots again, so a title holding <c>{position}</c> or <c>{name}</c> stays as typed.
/// </summary>
public static class TextSlots
{
    public static string Fill(string text, IReadOnlyDictionary<string, string> slots)
    {
        var filled = new StringBuilder(text.Length + 64);
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf('{', at);
            var close = open < 0 ? -1 : text.IndexOf('}', open + 1);
            if (close < 0)
            {
                break;
            }
            filled.Append(text, at, open - at);
            if (slots.TryGetValue(text[(open + 1)..close], out var value))
            {
                filled.Append(value);
                at = close + 1;
            }
            else
            {
                filled.Append('{');
                at = open + 1;
            }
        }
        return filled.Append(text, at, text.Length - at).ToString();
    }
}
