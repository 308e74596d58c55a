using System.Net;
using System.Text;
using AutoShop.Testing;

namespace AutoShop.Browser.Tests;

/// <summary>Serves one fixed HTML page on a free loopback port until disposed.</summary>
internal sealed class LoopbackPage : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _html;
    private readonly Task _serving;

    public LoopbackPage(string html)
    {
        _html = Encoding.UTF8.GetBytes(html);
        var port = LoopbackPorts.GetFree(1)[0];
        Url = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _serving = ServeAsync();
    }

    public Uri Url { get; }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _serving.ConfigureAwait(false);
        _listener.Close();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (HttpListenerException)
            {
                return; // stopped
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = _html.Length;
            await context.Response.OutputStream.WriteAsync(_html).ConfigureAwait(false);
            context.Response.Close();
        }
    }
}
