using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FetchUrlAssistant.Tests;

/// <summary>A TCP server on 127.0.0.1 that answers every connection with a scripted byte stream, for responses a real
/// web server refuses to send (a lying <c>Content-Length</c>, a body that drips forever).</summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RawHttpServer(Func<Stream, CancellationToken, Task> respond)
    {
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        var stream = client.GetStream();
                        try
                        {
                            await ReadHeadersAsync(stream, _stop.Token);
                            await respond(stream, _stop.Token);
                        }
                        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
                        {
                            // The client hung up or the server stopped: both end the exchange.
                        }
                    }
                });
            }
        });
    }

    public Uri Url(string path) => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}");

    public Uri Origin => Url("/");

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text.ReplaceLineEndings("\r\n"));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }

    private static async Task ReadHeadersAsync(Stream stream, CancellationToken cancellationToken)
    {
        var seen = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one, cancellationToken) == 1)
        {
            seen.Add(one[0]);
            if (seen.Count >= 4 && seen[^1] == '\n' && seen[^2] == '\r' && seen[^3] == '\n' && seen[^4] == '\r')
            {
                return;
            }
        }
    }
}
