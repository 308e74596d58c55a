using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MimeKit;

namespace AutoShop.Testing.Mail;

/// <summary>The MailDev 3 REST API (routes under <c>/api</c>).</summary>
public sealed class MailDevClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly HttpClient _http;

    public MailDevClient(Uri webBaseUri)
    {
        _http = new HttpClient { BaseAddress = webBaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Every message, in arrival order.</summary>
    public async Task<IReadOnlyList<MailDevEmail>> ListEmailsAsync(CancellationToken cancellationToken = default) =>
        await _http.GetFromJsonAsync<List<MailDevEmail>>("api/email", Json, cancellationToken).ConfigureAwait(false)
        ?? [];

    /// <summary>One message, or null when MailDev has none with that id. Marks it read.</summary>
    public async Task<MailDevEmail?> GetEmailAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(EmailPath(id), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<MailDevEmail>(Json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The message exactly as received over SMTP (an <c>.eml</c> file).</summary>
    public Task<byte[]> DownloadEmlAsync(string id, CancellationToken cancellationToken = default) =>
        _http.GetByteArrayAsync($"{EmailPath(id)}/download", cancellationToken);

    /// <summary>The original message parsed by MimeKit: exact headers, bodies, links and attachments.</summary>
    public async Task<MimeMessage> GetMessageAsync(string id, CancellationToken cancellationToken = default)
    {
        var eml = await DownloadEmlAsync(id, cancellationToken).ConfigureAwait(false);
        using var stream = new MemoryStream(eml);
        return await MimeMessage.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>MailDev's rendering of the HTML body (sanitized; inline images rewritten).</summary>
    public Task<string> GetHtmlAsync(string id, CancellationToken cancellationToken = default) =>
        _http.GetStringAsync($"{EmailPath(id)}/html", cancellationToken);

    /// <summary>An attachment's bytes. MailDev names it by its generated file name.</summary>
    public Task<byte[]> DownloadAttachmentAsync(
        string id, MailDevAttachment attachment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        return _http.GetByteArrayAsync(
            $"{EmailPath(id)}/attachment/{Uri.EscapeDataString(attachment.GeneratedFileName)}", cancellationToken);
    }

    /// <summary>Deletes every message.</summary>
    public async Task DeleteAllAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.DeleteAsync("api/email/all", cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Polls until at least <paramref name="count"/> messages match <paramref name="predicate"/>
    /// and returns them (in arrival order), or throws <see cref="TimeoutException"/> listing what
    /// did arrive. Default timeout: 10 s.
    /// </summary>
    public async Task<IReadOnlyList<MailDevEmail>> WaitForEmailsAsync(
        Func<MailDevEmail, bool> predicate,
        int count = 1,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var all = await ListEmailsAsync(cancellationToken).ConfigureAwait(false);
            var matching = all.Where(predicate).ToList();
            if (matching.Count >= count)
            {
                return matching;
            }

            if (clock.Elapsed > limit)
            {
                var seen = all.Count == 0
                    ? "none"
                    : string.Join("; ", all.Select(e => $"'{e.Subject}' to {string.Join(",", e.To.Select(a => a.Address))}"));
                throw new TimeoutException(
                    $"Expected {count} matching message(s) within {limit.TotalSeconds:0.#} s but found " +
                    $"{matching.Count}. Messages in MailDev: {seen}.");
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _http.Dispose();

    private static string EmailPath(string id) => $"api/email/{Uri.EscapeDataString(id)}";
}
