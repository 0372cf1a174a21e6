using System.Net;
using System.Security.Cryptography;
using RLArena.Core.Errors;

namespace RLArena.Supervised.Data;

/// <summary>
/// Downloads a dataset's files from its mirrors as torchvision does: each mirror in turn, a few attempts per mirror
/// when the connection breaks, the file's MD5 checked against the published one. A mismatch removes the file and is
/// an error; a file is only ever moved into place once it is complete and verified.
/// </summary>
public sealed class DatasetDownloader : IDisposable
{
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly int _attemptsPerMirror;
    private readonly TimeSpan _retryDelay;
    private readonly TimeSpan _idleTimeout;

    /// <summary>A downloader with retries (tests pass their own client and short delays).</summary>
    /// <param name="client">The HTTP client; a new one when null.</param>
    /// <param name="attemptsPerMirror">Tries per mirror before the next mirror.</param>
    /// <param name="retryDelay">The wait between tries; 1 s when null.</param>
    /// <param name="idleTimeout">How long a connection may stay silent before it counts as broken; 30 s when null.</param>
    public DatasetDownloader(HttpClient? client = null, int attemptsPerMirror = 3, TimeSpan? retryDelay = null,
        TimeSpan? idleTimeout = null)
    {
        _ownsClient = client is null;
        _client = client ?? new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(20) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (_ownsClient) _client.DefaultRequestHeaders.UserAgent.ParseAdd("rlarena/" + Engine.Checkpoints.Checkpoint.RLArenaVersion);
        _attemptsPerMirror = Math.Max(1, attemptsPerMirror);
        _retryDelay = retryDelay ?? TimeSpan.FromSeconds(1);
        _idleTimeout = idleTimeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>Downloads <paramref name="resource"/> into <paramref name="folder"/> and returns its path.</summary>
    public string Download(DatasetSpec spec, IdxResource resource, string folder, Action<DownloadProgress>? progress = null) =>
        Download(spec.Mirrors, resource, folder, progress);

    /// <summary>Downloads <paramref name="resource"/> from the first mirror that serves it into <paramref name="folder"/>, checks its MD5, and returns its path.</summary>
    /// <param name="mirrors">Base URLs, tried in order.</param>
    /// <param name="resource">The file and its published MD5.</param>
    /// <param name="folder">Where to write it.</param>
    /// <param name="progress">Called as bytes arrive (for a progress bar), or null.</param>
    public string Download(IReadOnlyList<string> mirrors, IdxResource resource, string folder, Action<DownloadProgress>? progress = null)
    {
        Directory.CreateDirectory(folder);
        var destination = Path.Combine(folder, resource.FileName);
        var partial = destination + ".part";
        var failures = new List<string>();
        foreach (var mirror in mirrors)
        {
            var url = mirror.EndsWith('/') ? mirror + resource.FileName : mirror + "/" + resource.FileName;
            for (var attempt = 1; attempt <= _attemptsPerMirror; attempt++)
            {
                try
                {
                    var md5 = Fetch(url, partial, resource.FileName, attempt, progress);
                    if (!string.Equals(md5, resource.Md5, StringComparison.OrdinalIgnoreCase))
                    {
                        File.Delete(partial);
                        throw new UserFacingException(
                            $"the download of {resource.FileName} from {url} is corrupt: its MD5 is {md5}, expected {resource.Md5}; " +
                            "the file was removed. Run again to retry, or download the file yourself and pass --data DIR.");
                    }
                    File.Move(partial, destination, overwrite: true);
                    return destination;
                }
                catch (HttpStatusError e)
                {
                    failures.Add($"{url}: HTTP {(int)e.Status} {e.Status}");
                    TryDelete(partial);
                    break; // the server answered: another attempt at this mirror will not help
                }
                catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException or OperationCanceledException)
                {
                    TryDelete(partial);
                    if (attempt == _attemptsPerMirror) failures.Add($"{url}: {OneLine(e)}");
                    else Thread.Sleep(_retryDelay * attempt);
                }
            }
        }
        throw new UserFacingException(
            $"could not download {resource.FileName} ({string.Join("; ", failures)}). Without internet access, put the four " +
            $"IDX files (from a machine that has them, or from torchvision's ROOT/MNIST/raw) in {folder}, or pass --data DIR.");
    }

    /// <summary>The MD5 of a file as lowercase hex.</summary>
    public static string Md5Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }

    /// <summary>Disposes the HTTP client it created.</summary>
    public void Dispose()
    {
        if (_ownsClient) _client.Dispose();
    }

    /// <summary>Streams <paramref name="url"/> into <paramref name="path"/>, hashing as it goes; returns the MD5.</summary>
    private string Fetch(string url, string path, string fileName, int attempt, Action<DownloadProgress>? progress)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var headers = new CancellationTokenSource(_idleTimeout);
        using var response = _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, headers.Token).GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode) throw new HttpStatusError(response.StatusCode);
        var total = response.Content.Headers.ContentLength;
        using var body = response.Content.ReadAsStream();
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[81920];
        long received = 0;
        progress?.Invoke(new DownloadProgress(fileName, url, 0, total, attempt));
        while (true)
        {
            using var idle = new CancellationTokenSource(_idleTimeout);
            var read = body.ReadAsync(buffer, idle.Token).AsTask().GetAwaiter().GetResult();
            if (read == 0) break;
            file.Write(buffer, 0, read);
            hash.AppendData(buffer, 0, read);
            received += read;
            progress?.Invoke(new DownloadProgress(fileName, url, received, total, attempt));
        }
        if (total is { } expected && received != expected)
            throw new IOException($"the connection closed after {received} of {expected} bytes");
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
    }

    private static string OneLine(Exception e)
    {
        var message = e is OperationCanceledException ? "no data for too long" : e.Message;
        if (e.InnerException is { } inner && e is HttpRequestException && !message.Contains(inner.Message, StringComparison.Ordinal))
            message += " (" + inner.Message + ")";
        return message.ReplaceLineEndings(" ").TrimEnd('.');
    }

    private sealed class HttpStatusError(HttpStatusCode status) : Exception($"HTTP {(int)status}")
    {
        public HttpStatusCode Status { get; } = status;
    }
}
