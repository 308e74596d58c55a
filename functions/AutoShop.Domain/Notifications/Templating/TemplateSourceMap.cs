using System.Text.RegularExpressions;

namespace AutoShop.Domain.Notifications;

/// <summary>
/// Finds the line a name appears on. Fluid's syntax tree carries no positions, so the validator
/// walks the tree in source order and asks this map for the next place the name occurs inside a
/// tag. Text, string literals, comments and raw blocks are blanked out first, so "appointment"
/// in prose or in quotes is never mistaken for the variable.
/// </summary>
internal sealed class TemplateSourceMap
{
    private static readonly Regex BlockEnd = new(@"\{%-?\s*end(raw|comment)\s*-?%\}", RegexOptions.CultureInvariant);

    private readonly string code;
    private readonly List<int> lineStarts = [0];
    private int cursor;

    public TemplateSourceMap(string text)
    {
        code = Mask(text);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
                lineStarts.Add(i + 1);
        }
    }

    /// <summary>The 1-based line of the next occurrence of <paramref name="name"/> at or after the last one found.</summary>
    public int NextLineOf(string name)
    {
        var pattern = new Regex($@"(?<![\w.\-]){Regex.Escape(name)}(?![\w\-])", RegexOptions.CultureInvariant);
        var match = pattern.Match(code, cursor);
        if (match.Success)
        {
            cursor = match.Index + match.Length;
            return LineAt(match.Index);
        }

        // Out of order (a construct the walk visits differently): any occurrence beats none.
        match = pattern.Match(code);
        return LineAt(match.Success ? match.Index : cursor);
    }

    private int LineAt(int offset)
    {
        var index = lineStarts.BinarySearch(offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    private static string Mask(string text)
    {
        var masked = text.Select(c => c == '\n' ? '\n' : ' ').ToArray();
        var i = 0;
        while (i < text.Length - 1)
        {
            if (text[i] != '{' || (text[i + 1] != '{' && text[i + 1] != '%'))
            {
                i++;
                continue;
            }

            var isTag = text[i + 1] == '%';
            var end = CopyTagCode(text, masked, i + 2, isTag ? '%' : '}');
            var tagName = TagName(text, i + 2, end);
            if (isTag && tagName.StartsWith('#'))
                Blank(masked, i + 2, end);
            if (isTag && tagName is "raw" or "comment")
            {
                var close = BlockEnd.Match(text, end);
                end = close.Success ? close.Index + close.Length : text.Length;
            }

            i = end;
        }

        return new string(masked);
    }

    /// <summary>Copies tag code up to its closing delimiter, leaving string literals blank; returns the index after the tag.</summary>
    private static int CopyTagCode(string text, char[] masked, int start, char closing)
    {
        char? quote = null;
        for (var j = start; j < text.Length; j++)
        {
            var c = text[j];
            if (quote is not null)
            {
                if (c == quote)
                    quote = null;
                continue;
            }

            if (c is '\'' or '"')
            {
                quote = c;
                continue;
            }

            if (c == closing && j + 1 < text.Length && text[j + 1] == '}')
                return j + 2;

            // Whitespace-control dashes ({{- x -}}) would otherwise look like part of a name.
            var isTrimDash = c == '-' && (j == start || (j + 1 < text.Length && text[j + 1] == closing));
            if (!isTrimDash && c != '\n')
                masked[j] = c;
        }

        return text.Length;
    }

    private static string TagName(string text, int start, int end)
    {
        var inner = text[start..Math.Max(start, end - 2)].TrimStart('-').TrimStart();
        var length = 0;
        while (length < inner.Length && (char.IsLetterOrDigit(inner[length]) || inner[length] is '#' or '_'))
            length++;
        return inner[..length];
    }

    private static void Blank(char[] masked, int start, int end)
    {
        for (var j = start; j < end && j < masked.Length; j++)
        {
            if (masked[j] != '\n')
                masked[j] = ' ';
        }
    }
}
