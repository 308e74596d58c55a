using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using AutoShop.Functions.Inventory;
using AutoShop.Functions.JobCards;
using AutoShop.Functions.Notifications.Delivery;
using AutoShop.Functions.Tests.Support;
using static AutoShop.Functions.Tests.JobCards.PreworkHarness;

namespace AutoShop.Functions.Tests.Inventory;

public sealed class PartsDeskOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_parts_desk_outage_leaves_job_cards_prepared_and_each_shortage_email_arrives_once_after_it()
    {
        var mail = TestStorage.Services.MailDev.Client;
        await using var relay = new OutageProxy(TestStorage.Services.MailDev.SmtpPort, startDown: true);
        await using var h = await StartAsync([("queens-blvd", "REFR-R1234YF", 0, 1)], new Dictionary<string, string?>
        {
            ["Email:SmtpPort"] = relay.Port.ToString(CultureInfo.InvariantCulture),
            ["Notifications:BackoffFirstDelay"] = "00:00:00.200",
            ["Notifications:BackoffMaxDelay"] = "00:00:02",
        });
        var outage = Stopwatch.StartNew();

        var booked = new[] { await h.BookAsync("2026-12-01T08:00", "ac-recharge"), await h.BookAsync("2026-12-01T10:00", "ac-recharge") };

        var cards = new[] { await h.JobCardAsync(booked[0].Id), await h.JobCardAsync(booked[1].Id) };
        Assert.All(cards, card => Assert.Equal("short", card.Readiness));
        foreach (var card in cards)
        {
            // The desk's email is tried again on its own queue while the relay is down; the card's event is done.
            await Eventually.Until(() => DeliveriesAsync(h, card.AppointmentId),
                r => r.Entries.Any(e => e is { Kind: PartsDesk.Kind, Channel: "email", Outcome: "failed", Attempts: >= 2 }), TimeSpan.FromSeconds(30),
                $"the parts desk's email about {card.AppointmentId} tried again");
        }
        Assert.Equal(0, await h.Probe.CountAsync(PrepareJobCards.Queue));
        Assert.Equal(0, await h.Probe.CountAsync(PrepareJobCards.Queue + "-poison"));
        var sentDuringOutage = (await mail.ListEmailsAsync(Ct)).Count(m => cards.Any(c => m.Subject.Contains(c.AppointmentId, StringComparison.Ordinal)));
        Assert.Equal(0, sentDuringOutage);

        relay.BringUp();
        outage.Stop();
        await Eventually.Until(() => mail.ListEmailsAsync(Ct), all => cards.All(c => all.Any(m => IsShortageMail(m.Subject, c.AppointmentId))),
            TimeSpan.FromSeconds(60), "each shortage email after the outage");
        await Eventually.Until(() => h.Probe.CountAsync(PartsDesk.Queue), n => n == 0, TimeSpan.FromSeconds(30), "no later try left queued");

        var all = await mail.ListEmailsAsync(Ct);
        Assert.All(cards, c => Assert.Single(all, m => IsShortageMail(m.Subject, c.AppointmentId)));
        Assert.All(all.Where(m => cards.Any(c => IsShortageMail(m.Subject, c.AppointmentId))), m => Assert.Equal("parts-desk@autoshop.local", m.To.Single().Address));
        Assert.Equal(0, await h.Probe.CountAsync(PartsDesk.Queue + "-poison"));
        TestContext.Current.TestOutputHelper?.WriteLine($"relay down for {outage.Elapsed.TotalSeconds:0.0} s, {relay.Refused} connections refused");
    }

    private static bool IsShortageMail(string subject, string appointmentId) =>
        subject.StartsWith("Parts short:", StringComparison.Ordinal) && subject.Contains(appointmentId, StringComparison.Ordinal);

    private static async Task<DeliveryReport> DeliveriesAsync(AutoShop.Functions.Tests.JobCards.PreworkHarness h, string appointmentId) =>
        (await h.Staff.GetFromJsonAsync<DeliveryReport>($"/api/appointments/{appointmentId}/deliveries", Json, Ct))!;
}
