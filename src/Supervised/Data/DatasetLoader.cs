using RLArena.Core.Errors;
using TorchSharp;

namespace RLArena.Supervised.Data;

/// <summary>The train and test splits of a dataset, loaded from IDX files and checked.</summary>
public sealed class LoadedDataset(DatasetSpec spec, DataLocation location, DatasetTensors train, DatasetTensors test) : IDisposable
{
    /// <summary>The dataset.</summary>
    public DatasetSpec Spec { get; } = spec;
    /// <summary>Where its files were found.</summary>
    public DataLocation Location { get; } = location;
    /// <summary>The training split.</summary>
    public DatasetTensors Train { get; } = train;
    /// <summary>The test split.</summary>
    public DatasetTensors Test { get; } = test;

    /// <summary>Frees both splits' tensors.</summary>
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}

/// <summary>
/// Reads a located dataset's IDX files and checks what only the pair of files can tell: that image and label counts
/// agree, that images are 28×28, and that every label names one of the dataset's classes.
/// </summary>
public static class DatasetLoader
{
    /// <summary>The checked bytes of one split.</summary>
    public sealed record SplitBytes(IdxImages Images, byte[] Labels);

    /// <summary>The checked bytes of both splits: everything that can be done before libtorch is loaded.</summary>
    public sealed record DatasetBytes(DataLocation Location, SplitBytes Train, SplitBytes Test);

    /// <summary>Reads and checks both splits at <paramref name="location"/> and holds them as normalised tensors.</summary>
    /// <param name="location">Where the four IDX files are.</param>
    /// <param name="device">Where the tensors live; the CPU when null.</param>
    public static LoadedDataset Load(DataLocation location, torch.Device? device = null) => ToTensors(Read(location), device);

    /// <summary>Reads and checks both splits (the training split on another thread); no torch involved.</summary>
    public static DatasetBytes Read(DataLocation location)
    {
        var spec = location.Dataset;
        var train = Task.Run(() => ReadSplit(spec, location.TrainImages, location.TrainLabels));
        var test = ReadSplit(spec, location.TestImages, location.TestLabels);
        return new DatasetBytes(location, train.GetAwaiter().GetResult(), test);
    }

    /// <summary>Reads and checks one split's images and labels.</summary>
    /// <param name="spec">The dataset.</param>
    /// <param name="imagesPath">The IDX image file (gzipped or not).</param>
    /// <param name="labelsPath">The IDX label file (gzipped or not).</param>
    public static SplitBytes ReadSplit(DatasetSpec spec, string imagesPath, string labelsPath)
    {
        var images = IdxFile.ReadImages(imagesPath);
        var labels = IdxFile.ReadLabels(labelsPath);
        Check(spec, images, labels, imagesPath, labelsPath);
        return new SplitBytes(images, labels);
    }

    /// <summary>Normalises both splits into tensors on <paramref name="device"/>.</summary>
    public static LoadedDataset ToTensors(DatasetBytes bytes, torch.Device? device = null)
    {
        var spec = bytes.Location.Dataset;
        var train = DatasetTensors.FromBytes(bytes.Train.Images, bytes.Train.Labels, spec.Mean, spec.Std, device);
        try
        {
            var test = DatasetTensors.FromBytes(bytes.Test.Images, bytes.Test.Labels, spec.Mean, spec.Std, device);
            return new LoadedDataset(spec, bytes.Location, train, test);
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    /// <summary>Reads and checks one split and holds it as normalised tensors.</summary>
    /// <param name="spec">The dataset.</param>
    /// <param name="imagesPath">The IDX image file.</param>
    /// <param name="labelsPath">The IDX label file.</param>
    /// <param name="device">Where the tensors live; the CPU when null.</param>
    public static DatasetTensors LoadSplit(DatasetSpec spec, string imagesPath, string labelsPath, torch.Device? device = null)
    {
        var split = ReadSplit(spec, imagesPath, labelsPath);
        return DatasetTensors.FromBytes(split.Images, split.Labels, spec.Mean, spec.Std, device);
    }

    /// <summary>Checks that images and labels fit the dataset and each other (28×28, equal counts, labels in range); a problem is a one-line <see cref="RLArena.Core.Errors.UserFacingException"/> naming the file.</summary>
    /// <param name="spec">The dataset.</param>
    /// <param name="images">The images read.</param>
    /// <param name="labels">The labels read.</param>
    /// <param name="imagesPath">The image file, for messages.</param>
    /// <param name="labelsPath">The label file, for messages.</param>
    public static void Check(DatasetSpec spec, IdxImages images, byte[] labels, string imagesPath, string labelsPath)
    {
        if (images.Rows != DatasetSpec.ImageSide || images.Columns != DatasetSpec.ImageSide)
        {
            throw new UserFacingException(
                $"'{imagesPath}' holds {images.Rows}×{images.Columns} images; {spec.DisplayName} images are " +
                $"{DatasetSpec.ImageSide}×{DatasetSpec.ImageSide}. Use the dataset's original files.");
        }
        if (images.Count != labels.Length)
        {
            throw new UserFacingException(
                $"'{imagesPath}' holds {images.Count} images but '{labelsPath}' holds {labels.Length} labels; " +
                "they must be a matching pair (train with train, t10k with t10k).");
        }
        if (images.Count == 0) throw new UserFacingException($"'{imagesPath}' holds no images.");
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= spec.Classes)
            {
                throw new UserFacingException(
                    $"'{labelsPath}': label {labels[i]} at index {i} is outside 0-{spec.Classes - 1} ({spec.DisplayName} has {spec.Classes} classes).");
            }
        }
    }
}
