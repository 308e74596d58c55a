using CsvHelper;

namespace AutoShop.Functions.Tests.Reporting;

/// <summary>CSV text parsed back by CsvHelper (an independent RFC 4180 reader): header and rows as strings.</summary>
internal sealed record CsvTable(string[] Header, List<string[]> Rows)
{
    public static CsvTable Parse(string text)
    {
        using var reader = CsvReader.FromText(text, new CsvReaderOptions { HasHeader = false });
        var records = new List<string[]>();
        while (reader.Read()) records.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        return new CsvTable(records.Count > 0 ? records[0] : [], records.Skip(1).ToList());
    }

    public string Cell(string[] row, string column) => row[Array.IndexOf(Header, column) is var i and >= 0 ? i : throw new KeyNotFoundException(column)];

    public IEnumerable<string> Column(string column) => Rows.Select(r => Cell(r, column));
}
