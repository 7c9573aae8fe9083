using System.Globalization;
using System.Text;

namespace ClustersCord.Domain.Common;

/// <summary>
/// Characters that show nothing, or that change how the text around them reads: what makes two typed
/// values look the same while they differ, or a line read as another.
/// </summary>
public static class Invisible
{
    /// <summary>
    /// Format (Cf: zero-width space and joiners, soft hyphen, BOM, word joiner, invisible operators, tags),
    /// control (Cc), line and paragraph separators (Zl, Zp), private-use, unassigned and surrogate code
    /// points, the other default-ignorable characters that are letters or marks by category (Hangul
    /// fillers U+115F, U+1160, U+3164, U+FFA0, combining grapheme joiner, Mongolian free variation
    /// selectors and vowel separator, variation selectors, Khmer inherent vowels), and the symbols that
    /// draw as blank space: U+2800 BRAILLE PATTERN BLANK and U+1D159 MUSICAL SYMBOL NULL NOTEHEAD.
    /// (Space separators are white space, not invisible: names have spaces; addresses refuse both.)
    /// </summary>
    public static bool IsInvisible(Rune rune)
    {
        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.Format:
            case UnicodeCategory.Control:
            case UnicodeCategory.LineSeparator:
            case UnicodeCategory.ParagraphSeparator:
            case UnicodeCategory.PrivateUse:
            case UnicodeCategory.OtherNotAssigned:
            case UnicodeCategory.Surrogate:
                return true;
        }
        return rune.Value is 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x2800 or 0x3164 or 0xFFA0 or 0x1D159
            or (>= 0x180B and <= 0x180F) or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF);
    }

    /// <summary>
    /// The explicit direction embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
    /// reorder the text after them: a name or title holding one can read as something else entirely.
    /// (The marks U+200E, U+200F and U+061C only nudge neutral characters and are left to names.)
    /// </summary>
    public static bool IsDirectionControl(Rune rune) => rune.Value is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);

    /// <summary>
    /// Whether the text has at least one character that shows on its own: not invisible, not white space,
    /// and not a combining mark (Mn, Mc, Me), which only changes the character before it.
    /// </summary>
    public static bool HasVisible(string text) => text.EnumerateRunes().Any(IsVisibleBase);

    /// <summary>Whether the text has a letter or digit that shows: what a name needs (not only marks, symbols or blanks).</summary>
    public static bool HasLetterOrDigit(string text) => text.EnumerateRunes().Any(r => Rune.IsLetterOrDigit(r) && !IsInvisible(r));

    private static bool IsVisibleBase(Rune rune)
        => !IsInvisible(rune) && !Rune.IsWhiteSpace(rune) && Rune.GetUnicodeCategory(rune) is not
            (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark);
}
