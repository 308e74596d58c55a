using System.Text;
using AutoShop.Functions.Reporting.Exports;
using NodaTime;

namespace AutoShop.Functions.Tests.Reporting;

/// <summary>The CSV writer's output parsed back by an independent reader (CsvHelper).</summary>
public class CsvWriterTests
{
    public static readonly TheoryData<string> Plain =
    [
        "plain", "with, comma", "with \"quotes\"", "\"quoted\"", "line\nbreak", "crlf\r\ninside", "trailing space ", " leading",
        "Müller – café – 東京 – 🚗", "'already apostrophe", "a=b", "x+1", "", ",", "\"",
    ];

    public static readonly TheoryData<string> Formulas =
    [
        "=SUM(A1:A9)", "+1+1", "-2+3", "@cmd", "\t=1", "\r=1", "=HYPERLINK(\"http://x\",\"click\")", "-", "=\"a,b\"\n",
    ];

    // The parsed table's first record is its header.
    private static Task WriteHeaderAsync(StringWriter text) => new CsvWriter(text).HeaderAsync(["h"], TestContext.Current.CancellationToken);

    private static async Task<List<string[]>> RoundTripAsync(Func<CsvWriter, Task> write)
    {
        var text = new StringWriter();
        await WriteHeaderAsync(text);
        await write(new CsvWriter(text));
        return CsvTable.Parse(text.ToString()).Rows;
    }

    [Theory]
    [MemberData(nameof(Plain))]
    public async Task Text_round_trips_exactly_through_an_rfc_4180_reader(string value)
    {
        var rows = await RoundTripAsync(async csv =>
        {
            csv.Text("before").Text(value).Text("after");
            await csv.EndRowAsync(TestContext.Current.CancellationToken);
        });

        Assert.Equal(["before", value, "after"], Assert.Single(rows));
    }

    [Theory]
    [MemberData(nameof(Formulas))]
    public async Task Text_a_spreadsheet_would_run_as_a_formula_comes_back_behind_an_apostrophe(string value)
    {
        var rows = await RoundTripAsync(async csv =>
        {
            csv.Text(value).Number(1);
            await csv.EndRowAsync(TestContext.Current.CancellationToken);
        });

        Assert.Equal(["'" + value, "1"], Assert.Single(rows));
    }

    [Fact]
    public async Task Numbers_stay_numbers_even_when_negative_and_times_carry_their_offset()
    {
        var local = new LocalDateTime(2026, 11, 24, 9, 30).InZoneStrictly(DateTimeZoneProviders.Tzdb["America/New_York"]).ToOffsetDateTime();
        var text = new StringWriter();
        var csv = new CsvWriter(text);
        csv.Number(-5).Number(0.1 + 0.2).Number(1234567.5).Number((double?)null).Number(1e-7).Time(local).Time(Instant.FromUtc(2026, 11, 24, 14, 30, 0) + Duration.FromTicks(1234567));
        await csv.EndRowAsync(TestContext.Current.CancellationToken);

        Assert.Equal("-5,0.3,1234567.5,,0.0000001,2026-11-24T09:30:00-05:00,2026-11-24T14:30:00.1234567+00:00\r\n", text.ToString());
    }

    [Fact]
    public async Task Rows_end_with_crlf_and_the_header_is_not_counted_as_a_row()
    {
        var text = new StringWriter();
        var csv = new CsvWriter(text);
        await csv.HeaderAsync(["a", "b"], TestContext.Current.CancellationToken);
        csv.Text("1").Text(null);
        await csv.EndRowAsync(TestContext.Current.CancellationToken);

        Assert.Equal("a,b\r\n1,\r\n", text.ToString());
        Assert.Equal(1, csv.Rows);
    }

    [Fact]
    public void Text_is_written_as_utf8_without_a_byte_order_mark()
    {
        Assert.Empty(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetPreamble());
        Assert.Equal("text/csv; charset=utf-8; header=present", AutoShop.Functions.Reporting.ExportFunctions.ContentType);
    }
}
