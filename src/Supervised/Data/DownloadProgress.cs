namespace RLArena.Supervised.Data;

/// <summary>How far a download is: <see cref="Received"/> of <see cref="Total"/> bytes (null when the server does not say).</summary>
public readonly record struct DownloadProgress(string FileName, string Url, long Received, long? Total, int Attempt);
