using System.Buffers;
using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace AutoShop.Functions.Reporting.Exports;

/// <summary>
/// RFC 4180 CSV: comma-separated, CRLF line ends, a field quoted when it holds a comma, quote, CR or
/// LF, quotes doubled inside. Text cells that a spreadsheet would run as a formula (starting with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR) get a leading <c>'</c>; numbers are written as
/// numbers (a negative number is not text). A row is built in memory and written with one async
/// call, so the writer never blocks on the response or blob stream it feeds.
/// </summary>
public sealed class CsvWriter(TextWriter output)
{
    private static readonly OffsetDateTimePattern TimePattern =
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFo<+HH:mm>");
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");
    private readonly StringBuilder row = new();
    private int fields;

    /// <summary>Data rows written (the header is not counted).</summary>
    public long Rows { get; private set; }

    public CsvWriter Text(string? value)
    {
        Separate();
        if (string.IsNullOrEmpty(value)) return this;
        var safe = FormulaStarts.Contains(value[0]) ? "'" + value : value;
        if (safe.AsSpan().IndexOfAny(NeedsQuotes) < 0)
        {
            row.Append(safe);
            return this;
        }
        row.Append('"').Append(safe.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        return this;
    }

    public CsvWriter Number(long? value)
    {
        Separate();
        if (value is { } v) row.Append(v.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Plain decimal notation (never an exponent), so every spreadsheet reads it as a number.</summary>
    public CsvWriter Number(double? value)
    {
        Separate();
        if (value is { } v) row.Append(v.ToString("0.##########", CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>ISO 8601 with the UTC offset, e.g. <c>2026-11-24T09:30:00-05:00</c>.</summary>
    public CsvWriter Time(OffsetDateTime? value)
    {
        Separate();
        if (value is { } v) row.Append(TimePattern.Format(v));
        return this;
    }

    public CsvWriter Time(Instant? value) => Time(value?.WithOffset(Offset.Zero));

    public Task HeaderAsync(IEnumerable<string> names, CancellationToken ct)
    {
        foreach (var name in names) Text(name);
        return WriteRowAsync(ct);
    }

    public Task EndRowAsync(CancellationToken ct)
    {
        Rows++;
        return WriteRowAsync(ct);
    }

    public Task FlushAsync(CancellationToken ct) => output.FlushAsync(ct);

    private async Task WriteRowAsync(CancellationToken ct)
    {
        row.Append("\r\n");
        await output.WriteAsync(row, ct);
        row.Clear();
        fields = 0;
    }

    private void Separate()
    {
        if (fields++ > 0) row.Append(',');
    }
}
