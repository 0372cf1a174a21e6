using System.Buffers.Binary;
using System.IO.Compression;
using RLArena.Core.Errors;
using RLArena.Supervised.Data;

namespace RLArena.Supervised.Tests;

public class IdxFileTests
{
    private static IdxImages Sample() => new(3, 2, 4, Enumerable.Range(0, 24).Select(i => (byte)(i * 10)).ToArray());

    [TestCase("images.idx")]
    [TestCase("images.idx.gz")]
    public void Images_round_trip_raw_and_gzipped(string name)
    {
        using var temp = new TempFolder();
        var path = temp.File(name);
        IdxFile.WriteImages(path, Sample());
        var read = IdxFile.ReadImages(path);
        Assert.That((read.Count, read.Rows, read.Columns), Is.EqualTo((3, 2, 4)));
        Assert.That(read.Pixels, Is.EqualTo(Sample().Pixels));
        var start = File.ReadAllBytes(path)[..2];
        Assert.That(start[0] == 0x1f && start[1] == 0x8b, Is.EqualTo(name.EndsWith(".gz")), "gzip only when named .gz");
    }

    [TestCase("labels.idx")]
    [TestCase("labels.idx.gz")]
    public void Labels_round_trip_raw_and_gzipped(string name)
    {
        using var temp = new TempFolder();
        var path = temp.File(name);
        byte[] labels = [0, 9, 3, 3, 7];
        IdxFile.WriteLabels(path, labels);
        Assert.That(IdxFile.ReadLabels(path), Is.EqualTo(labels));
    }

    [Test]
    public void The_header_is_big_endian_with_the_published_magic_numbers()
    {
        using var temp = new TempFolder();
        IdxFile.WriteImages(temp.File("i"), Sample());
        IdxFile.WriteLabels(temp.File("l"), [1, 2]);
        var images = File.ReadAllBytes(temp.File("i"));
        var labels = File.ReadAllBytes(temp.File("l"));
        Assert.That(images[..16], Is.EqualTo(new byte[] { 0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 4 }));
        Assert.That(labels[..8], Is.EqualTo(new byte[] { 0, 0, 8, 1, 0, 0, 0, 2 }));
        Assert.That(images.Length, Is.EqualTo(16 + 24));
    }

    [Test]
    public void A_gzipped_file_is_recognised_by_content_not_name()
    {
        using var temp = new TempFolder();
        IdxFile.WriteImages(temp.File("x.gz"), Sample());
        File.Move(temp.File("x.gz"), temp.File("train-images-idx3-ubyte"));
        Assert.That(IdxFile.ReadImages(temp.File("train-images-idx3-ubyte")).Pixels, Is.EqualTo(Sample().Pixels));
    }

    // ---- malformed files: each is one clear error naming the file and the problem ----

    private static string ErrorFor(Action read)
    {
        var error = Assert.Throws<UserFacingException>(() => read())!;
        Assert.That(error.Message, Does.Not.Contain("\n"));
        return error.Message;
    }

    private static byte[] Header(int magic, params int[] sizes)
    {
        var bytes = new byte[4 + 4 * sizes.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (var i = 0; i < sizes.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), sizes[i]);
        return bytes;
    }

    private static void WriteGz(string path, byte[] content)
    {
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        gz.Write(content);
    }

    [Test]
    public void Missing_file()
    {
        using var temp = new TempFolder();
        Assert.That(ErrorFor(() => IdxFile.ReadImages(temp.File("nope"))), Does.Contain("does not exist").And.Contain("nope"));
    }

    [Test]
    public void Empty_file()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("e"), []);
        Assert.That(ErrorFor(() => IdxFile.ReadImages(temp.File("e"))), Does.Contain("empty").And.Contain(temp.File("e")));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Truncated_header(bool gzip)
    {
        using var temp = new TempFolder();
        var path = temp.File(gzip ? "h.gz" : "h");
        var content = Header(IdxFile.ImagesMagic, 10, 28, 28)[..9];
        if (gzip) WriteGz(path, content); else File.WriteAllBytes(path, content);
        Assert.That(ErrorFor(() => IdxFile.ReadImages(path)), Does.Contain("truncated").And.Contain("header is 16 bytes").And.Contain("9"));
    }

    [Test]
    public void Label_file_given_as_image_file()
    {
        using var temp = new TempFolder();
        IdxFile.WriteLabels(temp.File("l"), [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6]);
        Assert.That(ErrorFor(() => IdxFile.ReadImages(temp.File("l"))),
            Does.Contain("0x00000801").And.Contain("expected 0x00000803").And.Contain("swapped"));
    }

    [Test]
    public void Image_file_given_as_label_file()
    {
        using var temp = new TempFolder();
        IdxFile.WriteImages(temp.File("i"), Sample());
        Assert.That(ErrorFor(() => IdxFile.ReadLabels(temp.File("i"))), Does.Contain("expected 0x00000801 for a label file"));
    }

    [Test]
    public void Html_error_page_saved_as_data()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("t"), "<html><body>403 Forbidden</body></html>");
        Assert.That(ErrorFor(() => IdxFile.ReadImages(temp.File("t"))), Does.Contain("magic number").And.Contain("HTML"));
    }

    [Test]
    public void Negative_count_and_impossible_dimensions()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("n"), Header(IdxFile.ImagesMagic, -5, 28, 28));
        Assert.That(ErrorFor(() => IdxFile.ReadImages(temp.File("n"))), Does.Contain("negative image count"));
        File.WriteAllBytes(temp.File("z"), Header(IdxFile.ImagesMagic, 5, 0, 28));
        Assert.That(ErrorFor(() => IdxFile.ReadImages(temp.File("z"))), Does.Contain("impossible image dimensions 0×28"));
        File.WriteAllBytes(temp.File("l"), Header(IdxFile.LabelsMagic, -1));
        Assert.That(ErrorFor(() => IdxFile.ReadLabels(temp.File("l"))), Does.Contain("negative label count"));
    }

    [Test]
    public void Header_announcing_more_than_memory_can_hold()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("big"), Header(IdxFile.ImagesMagic, int.MaxValue, 1000, 1000));
        Assert.That(ErrorFor(() => IdxFile.ReadImages(temp.File("big"))), Does.Contain("more than can be held"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Truncated_payload(bool gzip)
    {
        using var temp = new TempFolder();
        var path = temp.File(gzip ? "p.gz" : "p");
        var content = Header(IdxFile.ImagesMagic, 2, 28, 28).Concat(new byte[28 * 28 + 100]).ToArray();
        if (gzip) WriteGz(path, content); else File.WriteAllBytes(path, content);
        Assert.That(ErrorFor(() => IdxFile.ReadImages(path)),
            Does.Contain("truncated").And.Contain("2 images of 28×28 (1568 bytes)").And.Contain("884"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Extra_bytes_after_the_announced_data(bool gzip)
    {
        using var temp = new TempFolder();
        var path = temp.File(gzip ? "x.gz" : "x");
        var content = Header(IdxFile.LabelsMagic, 4).Concat(new byte[] { 1, 2, 3, 4, 5, 6 }).ToArray();
        if (gzip) WriteGz(path, content); else File.WriteAllBytes(path, content);
        Assert.That(ErrorFor(() => IdxFile.ReadLabels(path)), Does.Contain("more").And.Contain("4 labels"));
    }

    [Test]
    public void A_gzip_stream_cut_short()
    {
        using var temp = new TempFolder();
        IdxFile.WriteImages(temp.File("full.gz"), new IdxImages(50, 28, 28, Enumerable.Range(0, 50 * 784).Select(i => (byte)(i * 7 % 251)).ToArray()));
        var bytes = File.ReadAllBytes(temp.File("full.gz"));
        File.WriteAllBytes(temp.File("cut.gz"), bytes[..(bytes.Length / 2)]);
        Assert.That(ErrorFor(() => IdxFile.ReadImages(temp.File("cut.gz"))), Does.Contain("cut.gz").And.Contain("truncated").Or.Contain("gzip"));
    }

    [Test]
    public void Garbage_after_the_gzip_magic()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("bad.gz"), [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3]);
        Assert.That(ErrorFor(() => IdxFile.ReadImages(temp.File("bad.gz"))), Does.Contain("bad.gz"));
    }

    // ---- what only the pair of files can tell ----

    [Test]
    public void Image_and_label_counts_must_agree()
    {
        using var temp = new TempFolder();
        var (images, _) = SyntheticDigits.Make(20, 1);
        IdxFile.WriteImages(temp.File("i.gz"), images);
        IdxFile.WriteLabels(temp.File("l.gz"), new byte[19]);
        var message = ErrorFor(() => DatasetLoader.LoadSplit(DatasetSpec.Mnist, temp.File("i.gz"), temp.File("l.gz")));
        Assert.That(message, Does.Contain("20 images").And.Contain("19 labels").And.Contain("l.gz"));
    }

    [Test]
    public void Images_must_be_28_by_28()
    {
        using var temp = new TempFolder();
        IdxFile.WriteImages(temp.File("i"), Sample());
        IdxFile.WriteLabels(temp.File("l"), [1, 2, 3]);
        Assert.That(ErrorFor(() => DatasetLoader.LoadSplit(DatasetSpec.Mnist, temp.File("i"), temp.File("l"))), Does.Contain("2×4").And.Contain("28×28"));
    }

    [Test]
    public void Labels_must_name_a_class()
    {
        using var temp = new TempFolder();
        var (images, labels) = SyntheticDigits.Make(12, 1);
        labels[7] = 10;
        IdxFile.WriteImages(temp.File("i"), images);
        IdxFile.WriteLabels(temp.File("l"), labels);
        Assert.That(ErrorFor(() => DatasetLoader.LoadSplit(DatasetSpec.FashionMnist, temp.File("i"), temp.File("l"))),
            Does.Contain("label 10 at index 7").And.Contain("0-9"));
    }
}
