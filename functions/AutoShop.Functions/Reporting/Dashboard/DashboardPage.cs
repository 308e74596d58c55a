using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using AutoShop.Domain.Reporting;

namespace AutoShop.Functions.Reporting.Dashboard;

/// <summary>The ops dashboard as one self-contained HTML document: KPIs, three charts and the CSV downloads.</summary>
public static class DashboardPage
{
    /// <param name="downloadToken">A link token to append to the download links (browsers cannot send the key header), or null.</param>
    public static string Render(string shopName, KpiReport r, string? downloadToken, string styleNonce, DateTimeOffset generatedAt)
    {
        var h = HtmlEncoder.Default;
        var query = $"from={r.From}&to={r.To}" + (downloadToken is null ? "" : "&access=" + Uri.EscapeDataString(downloadToken));
        var page = new StringBuilder();
        page.Append(CultureInfo.InvariantCulture, $"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>{h.Encode(shopName)} · Ops dashboard</title>
            <style nonce="{styleNonce}">{Styles}</style>
            </head>
            <body>
            <header><h1>{h.Encode(shopName)}</h1><p>KPIs for {r.From} to {r.To} ({h.Encode(r.TimeZone)})</p>
            <form method="get" action="/api/ops/dashboard">
            <input type="hidden" name="shopId" value="{h.Encode(r.ShopId)}">
            {(downloadToken is null ? "" : $"<input type=\"hidden\" name=\"access\" value=\"{h.Encode(downloadToken)}\">")}
            <label>From <input type="date" name="from" value="{r.From}"></label>
            <label>To <input type="date" name="to" value="{r.To}"></label>
            <button type="submit">Show</button>
            </form></header>
            <main>
            <section class="figures" aria-label="Key figures">
            """);
        foreach (var (label, value) in Figures(r))
            page.Append(CultureInfo.InvariantCulture, $"<div class=\"figure\"><span class=\"value\">{h.Encode(value)}</span><span class=\"name\">{h.Encode(label)}</span></div>");
        page.Append("</section><section class=\"charts\">")
            .Append(SvgBarChart.Render("lead-time-chart", "Booking lead time (appointments per bucket)",
                [.. r.LeadTime.Histogram.Select(b => new Bar(b.Label, b.Count, b.Count.ToString(CultureInfo.InvariantCulture)))], "No appointments."))
            .Append(SvgBarChart.Render("cancellations-chart", "Cancellations by reason",
                [.. r.Cancellations.ByReason.Select(c => new Bar(c.Key, c.Count, c.Count.ToString(CultureInfo.InvariantCulture)))], "No cancellations."))
            .Append(SvgBarChart.Render("utilization-chart", "Technician utilization (booked ÷ shift hours)",
                [.. r.Utilization.Technicians.Select(t => new Bar(t.Name, t.Total.Ratio ?? 0,
                    FormattableString.Invariant($"{Percent(t.Total.Ratio)} ({t.Total.BookedHours:0.#} of {t.Total.ShiftHours:0.#} h)")))], "No technicians."))
            .Append("</section><section class=\"downloads\"><h2>Downloads (CSV)</h2><ul>");
        foreach (var (file, label) in new[] { ("audit.csv", "Audit records"), ("appointments.csv", "Appointments"), ("kpis.csv", "KPIs") })
            page.Append(CultureInfo.InvariantCulture,
                $"<li><a href=\"/api/shops/{h.Encode(r.ShopId)}/exports/{file}?{h.Encode(query)}\" download>{label}</a></li>");
        page.Append(CultureInfo.InvariantCulture,
            $"</ul></section></main><footer>Generated {generatedAt:yyyy-MM-dd HH:mm} UTC from stored appointments and audit records. Late window: {r.LateWindowHours:0.##} h.</footer></body></html>");
        return page.ToString();
    }

    private static IEnumerable<(string Label, string Value)> Figures(KpiReport r) =>
    [
        ("Appointments", r.Appointments.ToString(CultureInfo.InvariantCulture)),
        ("Median lead time", Hours(r.LeadTime.MedianHours)),
        ("90th percentile lead time", Hours(r.LeadTime.P90Hours)),
        ("Cancellation rate", Percent(r.Cancellations.Rate)),
        ("Late cancellation rate", Percent(r.Cancellations.LateRate)),
        ("Reschedule rate", Percent(r.Reschedules.Rate)),
        ("No-show rate", Percent(r.NoShows.Rate)),
        ("Utilization", Percent(r.Utilization.Shop.Ratio)),
        ("Hours freed / refilled", FormattableString.Invariant($"{r.ChangeImpact.Total.Hours:0.#} / {r.ChangeImpact.Total.RefilledHours:0.#}")),
    ];

    private static string Percent(double? ratio) => ratio is { } v ? (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "–";

    private static string Hours(double? hours) => hours is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) + " h" : "–";

    private const string Styles = """
        body{font-family:system-ui,sans-serif;margin:0;color:#1d2733;background:#f5f7fa}
        header{background:#1d3557;color:#fff;padding:16px 24px}header h1{margin:0 0 4px;font-size:1.5rem}header p{margin:0 0 8px}
        header form{display:flex;gap:12px;align-items:center;flex-wrap:wrap}header input,header button{font:inherit}
        main{padding:16px 24px}.figures{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:16px}
        .figure{background:#fff;border-radius:8px;padding:12px 16px;min-width:150px;box-shadow:0 1px 3px #0002;display:flex;flex-direction:column}
        .figure .value{font-size:1.4rem;font-weight:600}.figure .name{font-size:.85rem;color:#52606d}
        .charts{display:flex;flex-wrap:wrap;gap:16px}figure{background:#fff;border-radius:8px;margin:0;padding:12px;box-shadow:0 1px 3px #0002}
        figcaption{font-weight:600;margin-bottom:8px}.chart .bar{fill:#457b9d}.chart .label,.chart .value{font-size:12px;fill:#1d2733}
        .chart .axis{stroke:#9aa5b1}.empty{color:#52606d}.downloads ul{padding-left:20px}footer{padding:8px 24px 24px;color:#52606d;font-size:.85rem}
        """;
}
