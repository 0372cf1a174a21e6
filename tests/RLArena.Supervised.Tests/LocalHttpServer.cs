using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RLArena.Supervised.Tests;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 (loopback only) for download tests. Each path maps to a list of responses
/// served in turn (the last one repeats): full bodies, 404s, or a body cut off halfway (a broken connection).
/// </summary>
public sealed class LocalHttpServer : IDisposable
{
    public sealed record Response(int Status, byte[] Body, bool CutHalfway = false);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Dictionary<string, List<Response>> _routes = new();
    private readonly Dictionary<string, int> _served = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LocalHttpServer()
    {
        _listener.Start();
        _loop = Task.Run(AcceptLoop);
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

    public List<string> Requests { get; } = new();

    public void Serve(string path, params Response[] responses)
    {
        lock (_routes) _routes["/" + path.TrimStart('/')] = responses.ToList();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => Handle(client));
        }
    }

    private async Task Handle(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
                var requestLine = await reader.ReadLineAsync() ?? "";
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync())) { }
                var path = requestLine.Split(' ').ElementAtOrDefault(1) ?? "/";
                Response response;
                lock (_routes)
                {
                    Requests.Add(path);
                    if (_routes.TryGetValue(path, out var list))
                    {
                        var n = _served.GetValueOrDefault(path);
                        _served[path] = n + 1;
                        response = list[Math.Min(n, list.Count - 1)];
                    }
                    else
                    {
                        response = new Response(404, "not found"u8.ToArray());
                    }
                }
                var reason = response.Status == 200 ? "OK" : "Not Found";
                var header = $"HTTP/1.1 {response.Status} {reason}\r\nContent-Length: {response.Body.Length}\r\n" +
                             "Content-Type: application/octet-stream\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(header));
                var length = response.CutHalfway ? response.Body.Length / 2 : response.Body.Length;
                await stream.WriteAsync(response.Body.AsMemory(0, length));
                await stream.FlushAsync();
                if (response.CutHalfway) client.Client.LingerState = new LingerOption(true, 0); // reset, like a dropped link
            }
            catch (IOException)
            {
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _loop.Wait(TimeSpan.FromSeconds(2)); }
        catch (AggregateException) { }
        _stop.Dispose();
    }
}
