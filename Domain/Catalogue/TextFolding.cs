using System.Globalization;
using System.Text;

namespace ClustersCord.Domain.Catalogue;

/// <summary>
/// Text as search and matching compare it: lower case, without diacritics (so <c>zdravi</c> finds
/// <c>zdraví</c>, <c>Lodz</c> finds <c>Łódź</c>), single spaces, no punctuation at the ends.
/// </summary>
public static class TextFolding
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var folded = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = folded.Length > 0;
                continue;
            }
            if (space)
            {
                folded.Append(' ');
                space = false;
            }
            // Letters that carry their mark inside rather than as a combining character.
            folded.Append(char.ToLowerInvariant(c) switch
            {
                'ł' => "l",
                'đ' => "d",
                'ø' => "o",
                'ß' => "ss",
                'æ' => "ae",
                'œ' => "oe",
                'ı' => "i",
                var other => other.ToString(),
            });
        }
        return folded.ToString().Trim(' ', '.', ',', ';', ':', '!', '?');
    }
}
