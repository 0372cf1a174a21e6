using RLArena.Supervised.Data;

namespace RLArena.Supervised.Tests;

public class DataLocatorTests
{
    [Test]
    public void Data_flag_takes_the_files_in_the_folder_itself()
    {
        using var dir = new TempFolder();
        using var work = new TempFolder();
        SyntheticDigits.WriteDataset(DatasetSpec.Mnist, dir.Path, 20, 10);
        var found = new DataLocator(work.Path, _ => []).FindExisting(DatasetSpec.Mnist, dir.Path);
        Assert.That(found!.Folder, Is.EqualTo(dir.Path));
        Assert.That(found.Source, Is.EqualTo("--data"));
    }

    [Test]
    public void Data_flag_finds_torchvisions_layout_and_prefers_unzipped_files()
    {
        using var dir = new TempFolder();
        using var work = new TempFolder();
        var raw = dir.File("FashionMNIST", "raw");
        SyntheticDigits.WriteDataset(DatasetSpec.FashionMnist, raw, 20, 10, gzip: true);
        SyntheticDigits.WriteDataset(DatasetSpec.FashionMnist, raw, 20, 10, gzip: false);
        var found = new DataLocator(work.Path, _ => []).FindExisting(DatasetSpec.FashionMnist, dir.Path);
        Assert.That(found!.Folder, Is.EqualTo(raw));
        Assert.That(found.TrainImages, Is.EqualTo(Path.Combine(raw, "train-images-idx3-ubyte")));
    }

    [Test]
    public void Without_the_flag_dot_data_comes_before_system_folders()
    {
        using var work = new TempFolder();
        using var system = new TempFolder();
        SyntheticDigits.WriteDataset(DatasetSpec.FashionMnist, system.Path, 20, 10);
        var locator = new DataLocator(work.Path, _ => [system.Path]);
        Assert.That(locator.FindExisting(DatasetSpec.FashionMnist, null)!.Source, Is.EqualTo("installed package"));

        SyntheticDigits.WriteDataset(DatasetSpec.FashionMnist, work.File("data", "FashionMNIST", "raw"), 20, 10);
        var found = locator.FindExisting(DatasetSpec.FashionMnist, null)!;
        Assert.That(found.Source, Is.EqualTo("./data"));
        Assert.That(found.Folder, Is.EqualTo(work.File("data", "FashionMNIST", "raw")));
    }

    [Test]
    public void An_incomplete_folder_is_not_taken()
    {
        using var work = new TempFolder();
        SyntheticDigits.WriteDataset(DatasetSpec.Mnist, work.File("data"), 20, 10);
        File.Delete(work.File("data", "t10k-labels-idx1-ubyte.gz"));
        Assert.That(new DataLocator(work.Path, _ => []).FindExisting(DatasetSpec.Mnist, null), Is.Null);
    }

    [Test]
    public void Fashion_mnist_knows_debians_folder_and_downloads_under_its_torchvision_name()
    {
        Assert.That(DatasetSpec.FashionMnist.SystemFolders, Does.Contain("/usr/share/datasets/fashion-mnist"));
        var locator = new DataLocator("/work");
        Assert.That(locator.DownloadFolder(DatasetSpec.FashionMnist, null), Is.EqualTo("/work/data/FashionMNIST/raw"));
        Assert.That(locator.DownloadFolder(DatasetSpec.Mnist, "/d"), Is.EqualTo("/d/MNIST/raw"));
        Assert.That(DatasetSpec.Get("Fashion_MNIST"), Is.SameAs(DatasetSpec.FashionMnist));
        Assert.Throws<RLArena.Core.Errors.UsageException>(() => DatasetSpec.Get("cifar10"));
    }
}
