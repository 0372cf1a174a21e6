using RLArena.Core.Errors;

namespace RLArena.Supervised.Data;

/// <summary>One of the four IDX files of a dataset, with the MD5 of its published .gz.</summary>
public sealed record IdxResource(string FileName, string Md5);

/// <summary>
/// What RLArena knows about an MNIST-format dataset: its files and their MD5s, the mirrors torchvision downloads
/// from, the folder torchvision keeps it in (ROOT/&lt;TorchvisionFolder&gt;/raw), the normalisation constants its
/// users apply, the class names, and system folders where a package may have installed it.
/// </summary>
public sealed record DatasetSpec(
    string Name,
    string DisplayName,
    string TorchvisionFolder,
    double Mean,
    double Std,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<string> Mirrors,
    IdxResource TrainImages,
    IdxResource TrainLabels,
    IdxResource TestImages,
    IdxResource TestLabels,
    IReadOnlyList<string> SystemFolders)
{
    /// <summary>The valid dataset names, for messages.</summary>
    public const string Choices = "mnist, fashion-mnist";

    /// <summary>Images are 28 × 28.</summary>
    public const int ImageSide = 28;
    /// <summary>Pixels per image (784).</summary>
    public const int ImagePixels = ImageSide * ImageSide;

    /// <summary>
    /// MNIST as the tutorial uses it: mean 0.1307 and std 0.3081 (of the training pixels scaled to [0, 1]), and the
    /// mirrors and MD5s of torchvision's <c>datasets.MNIST</c>.
    /// </summary>
    public static readonly DatasetSpec Mnist = new(
        "mnist", "MNIST", "MNIST", 0.1307, 0.3081,
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
        ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"],
        new("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
        new("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
        new("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
        new("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
        []);

    /// <summary>
    /// Fashion-MNIST: mean 0.2860 and std 0.3530, computed here over the 60,000 training images scaled to [0, 1]
    /// (0.28604, 0.35302), the values torchvision users normalise it with; classes and mirror as torchvision's
    /// <c>datasets.FashionMNIST</c>; Debian's <c>dataset-fashion-mnist</c> package installs it in
    /// /usr/share/datasets/fashion-mnist.
    /// </summary>
    public static readonly DatasetSpec FashionMnist = new(
        "fashion-mnist", "Fashion-MNIST", "FashionMNIST", 0.2860, 0.3530,
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
        new("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
        new("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
        new("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
        new("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
        ["/usr/share/datasets/fashion-mnist"]);

    /// <summary>Every dataset, MNIST first.</summary>
    public static IReadOnlyList<DatasetSpec> All { get; } = [Mnist, FashionMnist];

    /// <summary>The four IDX files: train images, train labels, test images, test labels.</summary>
    public IReadOnlyList<IdxResource> Resources => [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>The number of classes (10).</summary>
    public int Classes => ClassNames.Count;

    /// <summary>Finds a dataset by name (<c>mnist</c>, <c>fashion-mnist</c>; case, '_' and '-' do not matter).</summary>
    public static DatasetSpec Get(string name)
    {
        var key = name.Trim().ToLowerInvariant().Replace('_', '-');
        if (key == "fashionmnist") key = "fashion-mnist";
        return All.FirstOrDefault(d => d.Name == key)
               ?? throw new UsageException($"unknown dataset '{name}'; expected one of {Choices}.");
    }
}
