using System.Text.Json;
using AutoShop.Functions.Hosting.CustomHandler;

namespace AutoShop.Functions.Tests.Hosting;

public class InvocationPayloadTests
{
    private static InvocationPayload Parse(string json)
    {
        Assert.True(InvocationPayload.TryParse(JsonDocument.Parse(json).RootElement, out var payload, out var error), error);
        return payload;
    }

    [Fact]
    public void Metadata_primitives_encoded_inside_strings_are_decoded()
    {
        var payload = Parse("""
            {"Data":{"message":"hello"},
             "Metadata":{"DequeueCount":"3","Id":"\"5a1f\"","InsertionTime":"\"2026-11-24T10:00:00+00:00\"",
                         "sys":{"MethodName":"FanOut","UtcNow":"2026-11-24T10:00:01Z"}}}
            """);

        Assert.Equal(3, payload.MetadataInt64("DequeueCount", 1));
        Assert.Equal("5a1f", payload.MetadataText("Id"));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), payload.MetadataTime("InsertionTime"));
        Assert.Equal("hello", payload.DataText("message"));
    }

    [Fact]
    public void A_json_message_arriving_as_a_string_or_as_an_object_reads_as_the_same_text()
    {
        var asString = Parse("""{"Data":{"message":"{\"id\":\"e1\"}"}}""");
        var asObject = Parse("""{"Data":{"message":{"id":"e1"}}}""");

        Assert.Equal("""{"id":"e1"}""", asString.DataText("message"));
        Assert.Equal("""{"id":"e1"}""", asObject.DataText("message"));
    }

    [Fact]
    public void A_string_wrapped_twice_is_unwrapped_once_more()
    {
        var payload = Parse("""{"Data":{"message":"\"{\\\"id\\\":\\\"e2\\\"}\""}}""");

        Assert.Equal("""{"id":"e2"}""", payload.DataText("message"));
    }

    [Fact]
    public void Timer_payload_reports_past_due()
    {
        var payload = Parse("""{"Data":{"timer":"{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":null,\"IsPastDue\":true}"},"Metadata":{}}""");

        Assert.True(payload.DataFlag("timer", "IsPastDue"));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"Metadata":{}}""")]
    [InlineData("""{"Data":"x"}""")]
    public void A_body_without_a_data_object_is_rejected(string json)
    {
        Assert.False(InvocationPayload.TryParse(JsonDocument.Parse(json).RootElement, out _, out var error));
        Assert.Contains("Data", error);
    }
}
