namespace AutoShop.Functions.Reporting;

/// <summary>How reporting operations read their period, as their OpenAPI parameters say.</summary>
public static class ReportingQuery
{
    public const string From = "First shop-local day of the period (ISO date, e.g. 2026-12-01), inclusive.";
    public const string To = "Last shop-local day of the period (ISO date), inclusive; at most 366 days after `from`.";
}
