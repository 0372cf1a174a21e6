using RLArena.Core.Errors;
using TorchSharp;

namespace RLArena.Supervised.Data;

/// <summary>The train and test splits of a dataset, loaded from IDX files and checked.</summary>
public sealed class LoadedDataset(DatasetSpec spec, DataLocation location, DatasetTensors train, DatasetTensors test) : IDisposable
{
    public DatasetSpec Spec { get; } = spec;
    public DataLocation Location { get; } = location;
    public DatasetTensors Train { get; } = train;
    public DatasetTensors Test { get; } = test;

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

    public static LoadedDataset Load(DataLocation location, torch.Device? device = null) => ToTensors(Read(location), device);

    /// <summary>Reads and checks both splits (the training split on another thread); no torch involved.</summary>
    public static DatasetBytes Read(DataLocation location)
    {
        var spec = location.Dataset;
        var train = Task.Run(() => ReadSplit(spec, location.TrainImages, location.TrainLabels));
        var test = ReadSplit(spec, location.TestImages, location.TestLabels);
        return new DatasetBytes(location, train.GetAwaiter().GetResult(), test);
    }

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

    public static DatasetTensors LoadSplit(DatasetSpec spec, string imagesPath, string labelsPath, torch.Device? device = null)
    {
        var split = ReadSplit(spec, imagesPath, labelsPath);
        return DatasetTensors.FromBytes(split.Images, split.Labels, spec.Mean, spec.Std, device);
    }

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
