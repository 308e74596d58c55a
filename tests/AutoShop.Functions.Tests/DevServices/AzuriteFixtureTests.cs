using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using AutoShop.Testing;
using AutoShop.Testing.Storage;

namespace AutoShop.Functions.Tests.DevServices;

public sealed class AzuriteFixtureTests(DevServicesFixture services)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_table_entity_written_through_the_SDK_reads_back()
    {
        var table = new TableClient(services.StorageConnectionString, StorageNames.Unique("t"));
        await table.CreateAsync(_ct);

        await table.AddEntityAsync(new TableEntity("shop-1", "appt-1") { ["Customer"] = "Ada" }, _ct);
        var read = await table.GetEntityAsync<TableEntity>("shop-1", "appt-1", cancellationToken: _ct);

        Assert.Equal("Ada", read.Value.GetString("Customer"));
    }

    [Fact]
    public async Task A_base64_queue_message_round_trips()
    {
        var queue = new QueueClient(
            services.StorageConnectionString,
            StorageNames.Unique("q"),
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateAsync(cancellationToken: _ct);

        await queue.SendMessageAsync("""{"type":"appointment.created"}""", _ct);
        var received = await queue.ReceiveMessageAsync(cancellationToken: _ct);

        Assert.Equal("""{"type":"appointment.created"}""", received.Value.Body.ToString());
    }

    [Fact]
    public async Task A_blob_uploads_and_downloads()
    {
        var container = new BlobContainerClient(services.StorageConnectionString, StorageNames.Unique("c"));
        await container.CreateAsync(cancellationToken: _ct);
        var blob = container.GetBlobClient("exports/2026-01-01.csv");

        await blob.UploadAsync(BinaryData.FromString("id,status\n1,booked\n"), _ct);
        var content = await blob.DownloadContentAsync(_ct);

        Assert.Equal("id,status\n1,booked\n", Encoding.UTF8.GetString(content.Value.Content));
    }

    [Fact]
    public async Task A_persisted_Azurite_keeps_table_entities_across_a_restart_on_the_same_ports()
    {
        await using var azurite = new AzuriteServer(persistToDisk: true);
        await azurite.StartAsync(_ct);
        var table = new TableClient(azurite.ConnectionString, "bookings");
        await table.CreateAsync(_ct);
        await table.AddEntityAsync(new TableEntity("shop-1", "appt-1") { ["Status"] = "Booked" }, _ct);
        var ports = (azurite.BlobPort, azurite.QueuePort, azurite.TablePort);

        await azurite.RestartAsync(_ct);

        Assert.Equal(ports, (azurite.BlobPort, azurite.QueuePort, azurite.TablePort));
        var read = await new TableClient(azurite.ConnectionString, "bookings")
            .GetEntityAsync<TableEntity>("shop-1", "appt-1", cancellationToken: _ct);
        Assert.Equal("Booked", read.Value.GetString("Status"));
    }

    [Fact]
    public async Task An_in_memory_Azurite_starts_empty_after_a_restart()
    {
        await using var azurite = new AzuriteServer();
        await azurite.StartAsync(_ct);
        var service = new TableServiceClient(azurite.ConnectionString);
        await service.CreateTableAsync("bookings", _ct);

        await azurite.RestartAsync(_ct);

        var tables = new List<string>();
        await foreach (var item in service.QueryAsync(cancellationToken: _ct))
        {
            tables.Add(item.Name);
        }

        Assert.Empty(tables);
    }
}
