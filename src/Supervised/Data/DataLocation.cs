namespace RLArena.Supervised.Data;

/// <summary>Where a dataset's four IDX files were found (or downloaded to), and how.</summary>
public sealed record DataLocation(
    DatasetSpec Dataset,
    string Folder,
    string Source,
    string TrainImages,
    string TrainLabels,
    string TestImages,
    string TestLabels);
