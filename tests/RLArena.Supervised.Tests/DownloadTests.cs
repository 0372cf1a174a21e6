using System.Security.Cryptography;
using RLArena.Core.Errors;
using RLArena.Supervised.Data;

namespace RLArena.Supervised.Tests;

/// <summary>The download path against a local HTTP server on 127.0.0.1: MD5 checks, retries, mirrors, corrupt files.</summary>
public class DownloadTests
{
    private static readonly byte[] Payload = Enumerable.Range(0, 50_000).Select(i => (byte)(i * 31 % 256)).ToArray();
    private static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    private static DatasetDownloader Downloader() => new(attemptsPerMirror: 3, retryDelay: TimeSpan.FromMilliseconds(10), idleTimeout: TimeSpan.FromSeconds(5));

    [Test]
    public void Md5_of_a_file_is_lowercase_hex()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("abc"), "abc");
        Assert.That(DatasetDownloader.Md5Of(temp.File("abc")), Is.EqualTo("900150983cd24fb0d6963f7d28e17f72"));
    }

    [Test]
    public void Downloads_and_verifies_a_file()
    {
        using var server = new LocalHttpServer();
        using var temp = new TempFolder();
        server.Serve("mnist/f.gz", new LocalHttpServer.Response(200, Payload));
        var seen = new List<DownloadProgress>();
        using var downloader = Downloader();
        var path = downloader.Download([server.BaseUrl + "mnist/"], new IdxResource("f.gz", Md5(Payload)), temp.File("raw"), seen.Add);
        Assert.That(path, Is.EqualTo(temp.File("raw", "f.gz")));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(Payload));
        Assert.That(seen[^1].Received, Is.EqualTo(Payload.Length));
        Assert.That(seen[^1].Total, Is.EqualTo(Payload.Length));
        Assert.That(Directory.GetFiles(temp.File("raw")), Has.Length.EqualTo(1), "no partial file left behind");
    }

    [Test]
    public void A_corrupt_download_is_removed_and_is_an_error()
    {
        using var server = new LocalHttpServer();
        using var temp = new TempFolder();
        var corrupt = (byte[])Payload.Clone();
        corrupt[1234] ^= 0xff;
        server.Serve("f.gz", new LocalHttpServer.Response(200, corrupt));
        using var downloader = Downloader();
        var error = Assert.Throws<UserFacingException>(() =>
            downloader.Download([server.BaseUrl], new IdxResource("f.gz", Md5(Payload)), temp.Path))!;
        Assert.That(error.Message, Does.Contain("corrupt").And.Contain(Md5(corrupt)).And.Contain(Md5(Payload)).And.Contain("removed"));
        Assert.That(Directory.GetFiles(temp.Path), Is.Empty);
    }

    [Test]
    public void A_broken_connection_is_retried()
    {
        using var server = new LocalHttpServer();
        using var temp = new TempFolder();
        server.Serve("f.gz", new LocalHttpServer.Response(200, Payload, CutHalfway: true), new LocalHttpServer.Response(200, Payload));
        var attempts = new HashSet<int>();
        using var downloader = Downloader();
        var path = downloader.Download([server.BaseUrl], new IdxResource("f.gz", Md5(Payload)), temp.Path, p => attempts.Add(p.Attempt));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(Payload));
        Assert.That(server.Requests.Count(r => r == "/f.gz"), Is.EqualTo(2));
        Assert.That(attempts, Does.Contain(2));
    }

    [Test]
    public void A_missing_file_on_one_mirror_falls_back_to_the_next()
    {
        using var first = new LocalHttpServer();
        using var second = new LocalHttpServer();
        using var temp = new TempFolder();
        second.Serve("f.gz", new LocalHttpServer.Response(200, Payload));
        using var downloader = Downloader();
        var path = downloader.Download([first.BaseUrl, second.BaseUrl], new IdxResource("f.gz", Md5(Payload)), temp.Path);
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(Payload));
        Assert.That(first.Requests, Has.Count.EqualTo(1), "a 404 is not retried on the same mirror");
    }

    [Test]
    public void When_every_mirror_fails_the_error_says_how_to_supply_the_files()
    {
        using var server = new LocalHttpServer();
        using var temp = new TempFolder();
        server.Serve("f.gz", new LocalHttpServer.Response(200, Payload, CutHalfway: true));
        using var downloader = Downloader();
        var error = Assert.Throws<UserFacingException>(() =>
            downloader.Download([server.BaseUrl, "http://127.0.0.1:1/"], new IdxResource("f.gz", Md5(Payload)), temp.Path))!;
        Assert.That(error.Message, Does.Contain("could not download f.gz").And.Contain("--data DIR").And.Contain("127.0.0.1:1"));
        Assert.That(server.Requests.Count(r => r == "/f.gz"), Is.EqualTo(3), "three attempts at a mirror that breaks");
        Assert.That(Directory.GetFiles(temp.Path), Is.Empty);
    }

    [Test]
    public void The_locator_downloads_a_missing_dataset_into_data_MNIST_raw_and_skips_files_it_has()
    {
        using var server = new LocalHttpServer();
        using var work = new TempFolder();
        using var source = new TempFolder();
        var real = DatasetSpec.Mnist;
        SyntheticDigits.WriteDataset(real, source.Path, train: 40, test: 20);
        var resources = real.Resources.Select(r => new IdxResource(r.FileName, DatasetDownloader.Md5Of(source.File(r.FileName)))).ToArray();
        foreach (var r in resources) server.Serve("m/" + r.FileName, new LocalHttpServer.Response(200, File.ReadAllBytes(source.File(r.FileName))));
        var spec = real with
        {
            Mirrors = [server.BaseUrl + "m/"],
            TrainImages = resources[0], TrainLabels = resources[1], TestImages = resources[2], TestLabels = resources[3],
        };
        // One file is already there (as torchvision leaves it, unzipped): only the other three are fetched.
        var raw = Path.Combine(work.Path, "data", "MNIST", "raw");
        Directory.CreateDirectory(raw);
        File.WriteAllBytes(Path.Combine(raw, "t10k-labels-idx1-ubyte"), DecompressedLabels(source.File(resources[3].FileName)));

        var locator = new DataLocator(work.Path, _ => []);
        using var downloader = Downloader();
        var location = locator.Locate(spec, null, downloader);
        Assert.That(location.Folder, Is.EqualTo(raw));
        Assert.That(location.Source, Is.EqualTo("downloaded"));
        Assert.That(server.Requests, Has.Count.EqualTo(3));
        Assert.That(location.TestLabels, Does.EndWith("t10k-labels-idx1-ubyte"));
        using var loaded = DatasetLoader.Load(location);
        Assert.That((loaded.Train.Count, loaded.Test.Count), Is.EqualTo((40, 20)));
    }

    [Test]
    public void No_download_gives_an_error_naming_where_it_looked_and_how_to_supply_the_files()
    {
        using var work = new TempFolder();
        var locator = new DataLocator(work.Path, _ => []);
        var error = Assert.Throws<UserFacingException>(() => locator.Locate(DatasetSpec.Mnist, null, null))!;
        Assert.That(error.Message, Does.Contain("--no-download").And.Contain(Path.Combine(work.Path, "data"))
            .And.Contain("train-images-idx3-ubyte.gz").And.Contain("--data DIR"));
    }

    private static byte[] DecompressedLabels(string gz)
    {
        using var input = new System.IO.Compression.GZipStream(File.OpenRead(gz), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
