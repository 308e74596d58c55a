using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace AutoShop.Functions.Reporting.Dashboard;

/// <summary>One bar: its label, its length relative to the chart's largest, and the text shown beside it.</summary>
public sealed record Bar(string Label, double Value, string ValueText);

/// <summary>
/// A horizontal bar chart as inline SVG, drawn on the server: no script, no fonts or images to fetch,
/// so the page makes no request of its own. Colours come from the page's stylesheet classes, not
/// style attributes, which the content security policy would block.
/// </summary>
public static class SvgBarChart
{
    private const int Width = 680, LabelWidth = 170, BarArea = 300, Row = 28, Top = 8;

    public static string Render(string id, string title, IReadOnlyList<Bar> bars, string emptyText)
    {
        var html = HtmlEncoder.Default;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<figure><figcaption>{html.Encode(title)}</figcaption>");
        if (bars.Count == 0)
            return svg.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\" id=\"{id}\">{html.Encode(emptyText)}</p></figure>").ToString();
        var height = Top * 2 + bars.Count * Row;
        var max = Math.Max(bars.Max(b => b.Value), double.Epsilon);
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg id=\"{id}\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"{html.Encode(title)}\">");
        for (var i = 0; i < bars.Count; i++)
        {
            var (bar, y) = (bars[i], Top + i * Row);
            var length = Math.Round(bar.Value / max * BarArea, 1);
            svg.Append(CultureInfo.InvariantCulture,
                $"<text class=\"label\" x=\"{LabelWidth - 8}\" y=\"{y + 18}\" text-anchor=\"end\">{html.Encode(bar.Label)}</text>")
               .Append(CultureInfo.InvariantCulture,
                $"<rect class=\"bar\" x=\"{LabelWidth}\" y=\"{y + 4}\" width=\"{length}\" height=\"20\" data-value=\"{bar.Value}\"><title>{html.Encode(bar.Label)}: {html.Encode(bar.ValueText)}</title></rect>")
               .Append(CultureInfo.InvariantCulture,
                $"<text class=\"value\" x=\"{LabelWidth + length + 6}\" y=\"{y + 18}\">{html.Encode(bar.ValueText)}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{LabelWidth}\" y1=\"{Top}\" x2=\"{LabelWidth}\" y2=\"{height - Top}\"/>");
        return svg.Append("</svg></figure>").ToString();
    }
}
