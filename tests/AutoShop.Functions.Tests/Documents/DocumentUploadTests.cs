using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Azure.Storage.Blobs;
using AutoShop.Functions.Documents;
using AutoShop.Functions.Tests.Support;
using ImageMagick;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using Microsoft.AspNetCore.Mvc.Testing;
using Rational = ImageMagick.Rational;
using static AutoShop.Functions.Tests.JobCards.PreworkHarness;

namespace AutoShop.Functions.Tests.Documents;

public sealed class DocumentUploadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_jpeg_with_gps_is_stored_without_location_or_device_metadata_under_a_sanitised_name()
    {
        await using var h = await StartAsync([]);
        var booked = await h.BookAsync("2026-12-01T09:30", "tire-rotation");
        var original = JpegWithGps();
        Assert.NotEmpty(ImageMetadataReader.ReadMetadata(new MemoryStream(original)).OfType<GpsDirectory>());

        using var created = await h.Staff.PostAsync($"/api/appointments/{booked.Id}/documents", Multipart(original, "../../etc/passwd.jpg", "image/jpeg"), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var doc = (await created.Content.ReadFromJsonAsync<DocumentDto>(Json, Ct))!;
        Assert.Equal(("photo", "image/jpeg", "passwd.jpg", "passwd.jpg"), (doc.Kind, doc.ContentType, doc.FileName, doc.OriginalName));

        using var download = await h.Staff.GetAsync(doc.DownloadUrl, Ct);
        var stored = await download.Content.ReadAsByteArrayAsync(Ct);
        var metadata = ImageMetadataReader.ReadMetadata(new MemoryStream(stored));
        Assert.Empty(metadata.OfType<GpsDirectory>());
        Assert.DoesNotContain(metadata.OfType<ExifIfd0Directory>(), d => d.ContainsTag(ExifDirectoryBase.TagMake));
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("passwd.jpg", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("image/jpeg", download.Content.Headers.ContentType?.MediaType);

        var card = await h.JobCardAsync(booked.Id, c => c.Documents.Count == 1);
        Assert.Equal(doc.Id, card.Documents[0].Id);
        Assert.Equal(["document.uploaded"], await AuditActionsAsync(h, booked.Id));
    }

    [Fact]
    public async Task A_png_named_pdf_and_declared_pdf_is_stored_as_the_png_it_is()
    {
        await using var h = await StartAsync([]);
        var booked = await h.BookAsync("2026-12-01T09:30", "tire-rotation");

        using var created = await h.Staff.PostAsync($"/api/appointments/{booked.Id}/documents", Raw(Png(), "report.pdf", "application/pdf"), Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var doc = (await created.Content.ReadFromJsonAsync<DocumentDto>(Json, Ct))!;
        Assert.Equal(("photo", "image/png", "report.png"), (doc.Kind, doc.ContentType, doc.FileName));
    }

    [Fact]
    public async Task A_heic_photo_is_stored_as_a_jpeg()
    {
        await using var h = await StartAsync([]);
        var booked = await h.BookAsync("2026-12-01T09:30", "tire-rotation");
        var heic = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Documents", "Assets", "tiny.heic"), Ct);

        using var created = await h.Staff.PostAsync($"/api/appointments/{booked.Id}/documents", Multipart(heic, "IMG_0001.HEIC", "image/heic"), Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var doc = (await created.Content.ReadFromJsonAsync<DocumentDto>(Json, Ct))!;
        Assert.Equal(("image/jpeg", "IMG_0001.jpg"), (doc.ContentType, doc.FileName));
        using var download = await h.Staff.GetAsync(doc.DownloadUrl, Ct);
        Assert.Equal([0xFF, 0xD8, 0xFF], (await download.Content.ReadAsByteArrayAsync(Ct))[..3]);
    }

    [Fact]
    public async Task An_oversized_file_is_refused_with_413_and_nothing_is_stored()
    {
        await using var h = await StartAsync([], new Dictionary<string, string?> { ["Documents:MaxFileBytes"] = "4096" });
        var booked = await h.BookAsync("2026-12-01T09:30", "tire-rotation");
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n" + new string('x', 5000) + "\n%%EOF");

        using var raw = await h.Staff.PostAsync($"/api/appointments/{booked.Id}/documents", Raw(pdf, "scan.pdf", "application/pdf"), Ct);
        using var multipart = await h.Staff.PostAsync($"/api/appointments/{booked.Id}/documents", Multipart(pdf, "scan.pdf", "application/pdf"), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, raw.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, multipart.StatusCode);
        Assert.Equal("application/problem+json", raw.Content.Headers.ContentType?.MediaType);
        await AssertNothingStoredAsync(h, booked.Id);
    }

    [Fact]
    public async Task A_file_over_the_default_body_limit_but_within_the_upload_limit_is_stored()
    {
        await using var h = await StartAsync([]);
        var booked = await h.BookAsync("2026-12-01T09:30", "tire-rotation");
        // Bodies are capped at 1 MiB unless the operation says otherwise; uploads take Documents:MaxFileBytes (15 MiB here).
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n" + new string('x', 3 * 1024 * 1024 / 2) + "\n%%EOF");

        using var created = await h.Staff.PostAsync($"/api/appointments/{booked.Id}/documents", Raw(pdf, "scan.pdf", "application/pdf"), Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var doc = (await created.Content.ReadFromJsonAsync<DocumentDto>(Json, Ct))!;
        Assert.Equal(("diagnostic-report", pdf.LongLength), (doc.Kind, doc.Size));
    }

    [Fact]
    public async Task A_chunked_multipart_upload_over_the_upload_limit_in_total_is_refused_with_413_and_nothing_is_stored()
    {
        await using var h = await StartAsync([], new Dictionary<string, string?> { ["Documents:MaxFileBytes"] = "4096" });
        var booked = await h.BookAsync("2026-12-01T09:30", "tire-rotation");
        // Every part is within the form reader's own limits and the file within MaxFileBytes; only the cap on the
        // whole body (4096 bytes plus multipart framing, well below the default 1 MiB) refuses it. Sent without a
        // length, so the cap can only be met while the body is read.
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n" + new string('x', 3000) + "\n%%EOF");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("application/pdf");
        form.Add(file, "file", "scan.pdf");
        for (var i = 0; i < 20; i++) form.Add(new StringContent(new string('p', 10 * 1024)), $"padding{i}");
        var chunked = new StreamContent(new UnannouncedStream(await form.ReadAsByteArrayAsync(Ct)));
        chunked.Headers.ContentType = form.Headers.ContentType;

        // The default client buffers bodies (to replay them on redirects) and so announces their length; this one does not.
        using var client = h.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", AutoShopApp.StaffKey);

        using var response = await client.PostAsync($"/api/appointments/{booked.Id}/documents", chunked, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNothingStoredAsync(h, booked.Id);
    }

    [Theory]
    [InlineData("jpeg-with-script")]
    [InlineData("pdf-with-html-prefix")]
    [InlineData("png-with-html")]
    public async Task A_polyglot_is_refused_and_nothing_is_stored(string kind)
    {
        await using var h = await StartAsync([]);
        var booked = await h.BookAsync("2026-12-01T09:30", "tire-rotation");
        byte[] content = kind switch
        {
            "jpeg-with-script" => [.. JpegWithGps(), .. "<script>alert(document.cookie)</script>"u8],
            "pdf-with-html-prefix" => Encoding.ASCII.GetBytes("<html><body><script>alert(1)</script></body></html>\n%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF"),
            _ => [.. Png(), .. "<HTML><img src=x onerror=alert(1)>"u8],
        };

        using var response = await h.Staff.PostAsync($"/api/appointments/{booked.Id}/documents", Multipart(content, "photo.jpg", "image/jpeg"), Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        await AssertNothingStoredAsync(h, booked.Id);
    }

    [Fact]
    public async Task A_file_of_no_accepted_type_is_refused_with_415()
    {
        await using var h = await StartAsync([]);
        var booked = await h.BookAsync("2026-12-01T09:30", "tire-rotation");

        using var response = await h.Staff.PostAsync($"/api/appointments/{booked.Id}/documents",
            Raw([0x50, 0x4B, 0x03, 0x04, 0x00, 0x01, 0xFE, 0x02], "photo.jpg", "image/jpeg"), Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertNothingStoredAsync(h, booked.Id);
    }

    [Fact]
    public async Task Notes_count_toward_the_per_appointment_limit_and_deleting_needs_a_reason()
    {
        await using var h = await StartAsync([], new Dictionary<string, string?> { ["Documents:MaxFilesPerAppointment"] = "2" });
        var booked = await h.BookAsync("2026-12-01T09:30", "tire-rotation");
        var url = $"/api/appointments/{booked.Id}/documents";

        using var first = await h.Staff.PostAsync(url, new MultipartFormDataContent { { new StringContent("Rattle from the rear left wheel."), "note" } }, Ct);
        using var second = await h.Staff.PostAsync(url, Raw("Customer waits in the lounge."u8.ToArray(), "note.txt", "text/plain"), Ct);
        using var third = await h.Staff.PostAsync(url, Raw("One too many."u8.ToArray(), "note.txt", "text/plain"), Ct);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.UnprocessableEntity), (first.StatusCode, second.StatusCode, third.StatusCode));
        var note = (await first.Content.ReadFromJsonAsync<DocumentDto>(Json, Ct))!;
        Assert.Equal(("note", "text/plain; charset=utf-8"), (note.Kind, note.ContentType));
        using var noReason = await h.Staff.DeleteAsync($"{url}/{note.Id}", Ct);
        using var deleted = await h.Staff.DeleteAsync($"{url}/{note.Id}?reasonCode=duplicate", Ct);
        using var gone = await h.Staff.GetAsync($"{url}/{note.Id}", Ct);
        using var again = await h.Staff.PostAsync(url, Raw("Room again."u8.ToArray(), "note.txt", "text/plain"), Ct);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.Created),
            (noReason.StatusCode, deleted.StatusCode, gone.StatusCode, again.StatusCode));
        Assert.Contains("document.deleted", await AuditActionsAsync(h, booked.Id));
    }

    private static byte[] JpegWithGps()
    {
        using var image = new MagickImage(MagickColors.SteelBlue, 64, 48) { Format = MagickFormat.Jpeg };
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(40, 1), new Rational(44, 1), new Rational(3012, 100)]);
        exif.SetValue(ExifTag.GPSLongitudeRef, "W");
        exif.SetValue(ExifTag.GPSLongitude, [new Rational(73, 1), new Rational(50, 1), new Rational(1200, 100)]);
        exif.SetValue(ExifTag.Make, "TestCam");
        exif.SetValue(ExifTag.Model, "Phone 9");
        image.SetProfile(exif);
        return image.ToByteArray();
    }

    private static byte[] Png()
    {
        using var image = new MagickImage(MagickColors.OrangeRed, 16, 16) { Format = MagickFormat.Png };
        return image.ToByteArray();
    }

    private static MultipartFormDataContent Multipart(byte[] content, string fileName, string contentType)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private static ByteArrayContent Raw(byte[] content, string fileName, string contentType)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        body.Headers.Add("X-File-Name", fileName);
        return body;
    }

    /// <summary>A body sent chunked, without Content-Length, so only reading it reveals its size.</summary>
    private sealed class UnannouncedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    private static async Task AssertNothingStoredAsync(JobCards.PreworkHarness h, string appointmentId)
    {
        var listed = await h.Staff.GetFromJsonAsync<List<DocumentDto>>($"/api/appointments/{appointmentId}/documents", Json, Ct);
        Assert.Empty(listed!);
        var blobs = new List<string>();
        await foreach (var blob in new BlobContainerClient(h.ConnectionString, TableDocumentStore.Container).GetBlobsAsync(cancellationToken: Ct))
            blobs.Add(blob.Name);
        Assert.Empty(blobs);
        Assert.Empty(await AuditActionsAsync(h, appointmentId));
    }

    private static async Task<List<string>> AuditActionsAsync(JobCards.PreworkHarness h, string appointmentId)
    {
        var actions = new List<string>();
        await foreach (var row in h.Probe.Table(TableDocumentStore.TableName).QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == appointmentId, cancellationToken: Ct))
            if (row.RowKey.StartsWith("audit|", StringComparison.Ordinal)) actions.Add(row.GetString("Action"));
        return actions;
    }
}
