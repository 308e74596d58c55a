using System.Text;

namespace AutoShop.Functions.Tests.HostileInput;

/// <summary>A body a client might send, with the Content-Type it claims (null: no header) and whether its length is announced.</summary>
public sealed record HostileBody(string Name, byte[] Bytes, string? ContentType, bool Chunked = false)
{
    public HttpContent ToContent()
    {
        HttpContent content = Chunked ? new StreamContent(new UnannouncedStream(Bytes)) : new ByteArrayContent(Bytes);
        if (ContentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        return content;
    }

    /// <summary>A body sent chunked, without Content-Length, so only reading it reveals its size.</summary>
    private sealed class UnannouncedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

/// <summary>Headers and query values that are wrong in shape, size or range.</summary>
public sealed record HostileQuery(string Name, string EncodedValue);

public sealed record HostileHeaders(string Name, IReadOnlyList<(string Header, string Value)> Headers);

/// <summary>
/// The corpus sent to every operation: malformed JSON of every common kind, wrong and missing
/// content types, bodies over the size limit (announced and chunked), out-of-range dates and
/// absurd query values, and headers that are malformed or huge.
/// </summary>
public static class HostileRequests
{
    private const string Json = "application/json";

    /// <summary>Larger than any limit the app sets for the operations (the test app caps uploads lower).</summary>
    public const int OversizeBytes = 2 * 1024 * 1024 + 1;

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A JSON object whose members look like the app's inputs but carry values of the wrong kind or range.</summary>
    private static string Fields(string value) =>
        "{" + string.Join(",", new[]
        {
            "shopId", "start", "version", "reasonCode", "reason", "decision", "action", "services", "customer", "vehicle", "delta", "quantity",
            "minutes", "operation", "status", "subject", "html", "text", "sms", "note", "from", "to", "email", "phone", "channel", "consent",
            "rescheduleWindowHours", "cancelWindowHours", "maxSelfReschedules", "language", "preferredChannels", "kind", "sku", "orderedAt",
            "expectedAt", "eventType", "data", "Data", "Metadata",
        }.Select(name => $"\"{name}\":{value}")) + "}";

    public static IReadOnlyList<HostileBody> Bodies { get; } =
    [
        new("truncated", Utf8("""{"shopId": "queens-blvd", "customer": {"""), Json),
        new("trailing garbage", Utf8("""{"version": 1} }}}} garbage"""), Json),
        new("wrong types", Utf8(Fields("[true, {}]")), Json),
        new("numbers as strings and strings as numbers", Utf8("""{"version": "one", "start": 20261201, "services": 7, "customer": "Ana", "delta": "many"}"""), Json),
        new("deep nesting", Utf8(new string('[', 5000) + new string(']', 5000)), Json),
        new("deep object nesting", Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 2000)) + "1" + new string('}', 2000)), Json),
        new("huge numbers", Utf8(Fields("1e999999")), Json),
        new("integers past 64 bits", Utf8(Fields("123456789012345678901234567890")), Json),
        new("negative extremes", Utf8(Fields("-9223372036854775809")), Json),
        new("invalid UTF-8", [.. Utf8("{\"reason\": \""), 0xC3, 0x28, 0xFF, 0xFE, .. Utf8("\"}")], Json),
        new("byte order mark", [0xEF, 0xBB, 0xBF, .. Utf8("""{"version": 1}""")], Json),
        new("duplicate keys", Utf8("""{"version": 1, "version": 2, "start": "2026-12-01T09:00", "start": "x"}"""), Json),
        new("empty body", [], Json),
        new("null", Utf8("null"), Json),
        new("array instead of object", Utf8("""[{"version": 1}]"""), Json),
        new("string instead of object", Utf8("\"hello\""), Json),
        new("raw control characters in strings", Utf8("{\"reason\": \"a\u0000b\u0007c\u001b[31m\", \"note\": \"\u0001\"}"), Json),
        new("escaped control characters and lone surrogates", Utf8(Fields("\"\\u0000\\u001b\\ud800\\udfff\\ud800\"")), Json),
        new("NaN and comments", Utf8("""{/* c */ "version": NaN, 'start': Infinity,}"""), Json),
        new("nulls everywhere", Utf8(Fields("null")), Json),
        new("out-of-range dates", Utf8(Fields("\"9999-12-31T23:59\"")), Json),
        new("year one", Utf8(Fields("\"0001-01-01T00:00\"")), Json),
        new("offsets that overflow", Utf8(Fields("\"9999-12-31T23:59:59-18:00\"")), Json),
        new("offsets before the first instant", Utf8(Fields("\"0001-01-01T00:00:00+18:00\"")), Json),
        new("a long string", Utf8(Fields($"\"{new string('x', 100_000)}\"")), Json),
        new("no content type", Utf8("""{"version": 1}"""), null),
        new("text/plain", Utf8("""{"version": 1}"""), "text/plain"),
        new("xml", Utf8("<version>1</version>"), "application/xml"),
        new("unknown charset", Utf8("""{"version": 1}"""), "application/json; charset=klingon"),
        new("utf-16 charset with utf-8 bytes", Utf8("""{"version": 1}"""), "application/json; charset=utf-16"),
        new("malformed content type", Utf8("""{"version": 1}"""), "application/json;;;=="),
        new("multipart without boundary", Utf8("--x\r\n\r\n"), "multipart/form-data"),
        new("truncated multipart", Utf8("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\nabc"), "multipart/form-data; boundary=b"),
        new("multipart with garbage headers", Utf8("--b\r\n\u0001\u0002: \r\n::::\r\n\r\nabc\r\n--b--\r\n"), "multipart/form-data; boundary=b"),
        new("form with bad escapes", Utf8("version=%zz&formToken=%&start=%E0%A4%A&=&&&"), "application/x-www-form-urlencoded"),
        new("form with many fields", Utf8(string.Join("&", Enumerable.Range(0, 5000).Select(i => $"f{i}=1"))), "application/x-www-form-urlencoded"),
        new("form with a huge key", Utf8(new string('k', 200_000) + "=1"), "application/x-www-form-urlencoded"),
        new("oversized JSON, announced", Utf8("{\"note\":\"" + new string('x', OversizeBytes) + "\"}"), Json),
        new("oversized JSON, chunked", Utf8("{\"note\":\"" + new string('x', OversizeBytes) + "\"}"), Json, Chunked: true),
        new("oversized form, chunked", Utf8("note=" + new string('x', OversizeBytes)), "application/x-www-form-urlencoded", Chunked: true),
        new("oversized multipart, chunked", Utf8("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
            + new string('x', OversizeBytes) + "\r\n--b--\r\n"), "multipart/form-data; boundary=b", Chunked: true),
        new("oversized raw bytes, chunked", new byte[OversizeBytes], "application/octet-stream", Chunked: true),
    ];

    /// <summary>Each value (already percent-encoded) is given to every query parameter of an operation at once.</summary>
    public static IReadOnlyList<HostileQuery> Queries { get; } =
    [
        new("year 9999", "9999-12-31"),
        new("year 1", "0001-01-01"),
        new("negative year", "-0001-01-01"),
        new("date-time at the end of time", Uri.EscapeDataString("9999-12-31T23:59:59-18:00")),
        new("date-time at the start of time", Uri.EscapeDataString("0001-01-01T00:00:00+18:00")),
        new("local date-time in year 9999", Uri.EscapeDataString("9999-12-31T23:59")),
        new("integer overflow", "2147483648"),
        new("largest integer", "2147483647"),
        new("minus one", "-1"),
        new("negative", "-2147483648"),
        new("zero", "0"),
        new("not a number", "NaN"),
        new("empty", ""),
        new("long", new string('9', 5000)),
        new("control characters", "%00%1B%0D%0A"),
        new("markup", Uri.EscapeDataString("<script>alert(1)</script>")),
        new("invalid percent-encoding and UTF-8", "%zz%ED%A0%80%FF%"),
    ];

    /// <summary>Each value is given to every route parameter of an operation at once (escaped into the path).</summary>
    public static IReadOnlyList<(string Name, string Value)> RouteValues { get; } =
    [
        ("long", new string('a', 4000)),
        ("odd characters", "..\\\u001b'\"<>|#?%ü\ud83d\ude97"),
        ("year 9999 date", "99991231-zzzzzz-queens-blvd"),
    ];

    public static IReadOnlyList<HostileHeaders> Headers { get; } =
    [
        new("hostile headers", [
            ("Idempotency-Key", new string('k', 5000)), ("X-Correlation-Id", "\u0001" + new string('c', 5000)),
            ("If-Match", "\"garbage"), ("If-None-Match", "*, *, \""), ("Range", "bytes=999999999999-0,abc"), ("Accept", "*/*;q=abc, application/json;q=2"),
            ("Accept-Language", "xx-XXXXXXXXXXXXXXXXXX;q=-1"), ("Origin", "null"), ("Sec-Fetch-Site", "cross-site"), ("Cookie", "a=\u0001; ;;;="),
        ]),
        new("bearer garbage", [("Authorization", "Bearer not.a.jwt"), ("X-Api-Key", "\u0001")]),
        new("idempotency key with control characters", [("Idempotency-Key", "key\u0001\u0002"), ("Content-Length-Extra", "1")]),
    ];

    /// <summary>A query string giving every named parameter the same (encoded) value.</summary>
    public static string QueryString(IEnumerable<string> names, string encodedValue) =>
        string.Join("&", names.Select(n => $"{Uri.EscapeDataString(n)}={encodedValue}"));

    public static void AddHeaders(HttpRequestMessage request, IEnumerable<(string Header, string Value)> headers)
    {
        foreach (var (name, value) in headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

}
