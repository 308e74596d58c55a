using System.Net;
using System.Text;
using System.Text.Json;
using AutoShop.Functions.Notifications.Sms;
using Microsoft.Extensions.Time.Testing;

namespace AutoShop.Functions.Tests.Notifications.Sms;

public class AcsSmsSenderTests
{
    private static readonly AcsConnectionString Connection =
        AcsConnectionString.Parse("endpoint=https://contoso.communication.azure.com/;accesskey=YXV0b3Nob3AtdGVzdC1rZXktMDEyMzQ1Njc4OWFiY2RlZg==");

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 15, 4, 5, TimeSpan.Zero));
    private readonly RecordingHandler handler = new();

    private AcsSmsSender Sender() =>
        new(new HttpClient(handler), new AcsSmsSenderSettings(Connection, "+18005550100"), clock);

    private static SmsMessage Message(string key = "apt-1:v4:reminder:24h") =>
        new("+15185550147", "Reminder: Tuesday 9:30 AM", key) { Tag = "reminder" };

    private static string Accepted(string to = "+15185550147", bool successful = true, int status = 202, string? error = null) =>
        JsonSerializer.Serialize(new
        {
            value = new[] { new { to, messageId = successful ? "Outgoing_2026_abc" : null, httpStatusCode = status, successful, errorMessage = error } },
        });

    [Fact]
    public async Task The_request_is_a_signed_post_with_the_documented_body()
    {
        handler.Respond(HttpStatusCode.Accepted, Accepted());

        await Sender().SendAsync(Message() with { FirstAttemptAt = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero) }, TestContext.Current.CancellationToken);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://contoso.communication.azure.com/sms?api-version=2021-03-07", request.Uri);
        Assert.StartsWith("HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=", request.Authorization, StringComparison.Ordinal);
        Assert.Equal("Mon, 02 Mar 2026 15:04:05 GMT", request.Date);
        Assert.Equal("application/json", request.ContentType);

        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal("+18005550100", root.GetProperty("from").GetString());
        Assert.Equal("Reminder: Tuesday 9:30 AM", root.GetProperty("message").GetString());
        var recipient = Assert.Single(root.GetProperty("smsRecipients").EnumerateArray().ToList());
        Assert.Equal("+15185550147", recipient.GetProperty("to").GetString());
        Assert.Equal("e0513e2a-6e56-5bdd-a53f-eef6fee4f348", recipient.GetProperty("repeatabilityRequestId").GetString());
        Assert.Equal("Sun, 01 Mar 2026 09:00:00 GMT", recipient.GetProperty("repeatabilityFirstSent").GetString());
        Assert.True(root.GetProperty("smsSendOptions").GetProperty("enableDeliveryReport").GetBoolean());
        Assert.Equal("reminder", root.GetProperty("smsSendOptions").GetProperty("tag").GetString());
    }

    [Fact]
    public async Task A_202_with_a_successful_recipient_is_accepted()
    {
        handler.Respond(HttpStatusCode.Accepted, Accepted());

        var outcome = await Sender().SendAsync(Message(), TestContext.Current.CancellationToken);

        Assert.Equal(new SmsAccepted("+15185550147", "Outgoing_2026_abc", Guid.Parse("e0513e2a-6e56-5bdd-a53f-eef6fee4f348")), outcome);
    }

    [Fact]
    public async Task A_202_with_a_failed_recipient_is_a_typed_rejection()
    {
        handler.Respond(HttpStatusCode.Accepted, Accepted(successful: false, status: 400, error: "Invalid To phone number format."));

        var outcome = await Sender().SendAsync(Message(), TestContext.Current.CancellationToken);

        var rejected = Assert.IsType<SmsRecipientRejected>(outcome);
        Assert.Equal((400, "Invalid To phone number format."), (rejected.HttpStatusCode, rejected.ErrorMessage));
        Assert.False(rejected.IsTransient);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    public async Task Any_status_but_202_is_a_failed_request(HttpStatusCode status, bool transient)
    {
        handler.Respond(status, """{"error":{"code":"Denied","message":"no"}}""");

        var failed = Assert.IsType<SmsRequestFailed>(await Sender().SendAsync(Message(), TestContext.Current.CancellationToken));

        Assert.Equal(status, failed.StatusCode);
        Assert.Contains("Denied", failed.Detail, StringComparison.Ordinal);
        Assert.Equal(transient, failed.IsTransient);
    }

    [Fact]
    public async Task A_202_that_does_not_say_what_happened_is_a_retryable_failure()
    {
        handler.Respond(HttpStatusCode.Accepted, "not json");

        var failed = Assert.IsType<SmsRequestFailed>(await Sender().SendAsync(Message(), TestContext.Current.CancellationToken));

        Assert.True(failed.IsTransient);
    }

    [Fact]
    public async Task Retries_of_one_message_carry_the_same_repeatability_id_and_other_messages_another()
    {
        handler.Respond(HttpStatusCode.Accepted, Accepted());
        var sender = Sender();
        var token = TestContext.Current.CancellationToken;

        await sender.SendAsync(Message("apt-1:v4:reminder:24h"), token);
        await sender.SendAsync(Message("apt-1:v4:reminder:24h"), token);
        await sender.SendAsync(Message("apt-1:v5:reminder:24h"), token);

        var ids = handler.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement
            .GetProperty("smsRecipients")[0].GetProperty("repeatabilityRequestId").GetString()).ToList();
        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(ids[0], ids[2]);
    }

    [Theory]
    [InlineData("5185550147")]
    [InlineData("+1 518 555 0147")]
    [InlineData("+0185550147")]
    public async Task A_number_that_is_not_e164_is_refused_without_calling_acs(string to)
    {
        var outcome = await Sender().SendAsync(Message() with { To = to }, TestContext.Current.CancellationToken);

        Assert.IsType<SmsInvalid>(outcome);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task A_text_over_2048_characters_is_refused_without_calling_acs()
    {
        var outcome = await Sender().SendAsync(Message() with { Text = new string('a', 2049) }, TestContext.Current.CancellationToken);

        Assert.IsType<SmsInvalid>(outcome);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void The_repeatability_id_is_an_rfc_4122_version_5_guid()
    {
        // Published vector: uuid5(NAMESPACE_DNS, "python.org").
        var dns = Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        Assert.Equal(Guid.Parse("886313e1-3b8a-5372-9b90-0c9aee199e5d"), DeterministicGuid.From(dns, "python.org"));
        Assert.Equal(5, AcsSmsSender.RepeatabilityRequestId("any key").Version);
    }

    [Fact]
    public void An_endpoint_with_a_path_keeps_it() =>
        Assert.Equal("https://sink.local:8080/acs/sms?api-version=2021-03-07", AcsSmsSender.SmsUri(new Uri("https://sink.local:8080/acs/")).ToString());

    private sealed record RecordedRequest(HttpMethod Method, string Uri, string? Authorization, string? Date, string? ContentType, string Body);

    private sealed class RecordingHandler : HttpMessageHandler
    {
        private HttpStatusCode status = HttpStatusCode.Accepted;
        private string responseBody = "";

        public List<RecordedRequest> Requests { get; } = [];

        public void Respond(HttpStatusCode statusCode, string body) => (status, responseBody) = (statusCode, body);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add(new RecordedRequest(
                request.Method,
                request.RequestUri!.ToString(),
                request.Headers.TryGetValues("Authorization", out var auth) ? auth.Single() : null,
                request.Headers.TryGetValues("x-ms-date", out var date) ? date.Single() : null,
                request.Content?.Headers.ContentType?.MediaType,
                body));
            return new HttpResponseMessage(status) { Content = new StringContent(responseBody, Encoding.UTF8, "application/json") };
        }
    }
}
