namespace RLArena.Supervised.Data;

/// <summary>The images of one IDX image file: <see cref="Count"/> images of Rows×Columns bytes, row-major.</summary>
public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels)
{
    /// <summary>Rows × Columns.</summary>
    public int PixelsPerImage => Rows * Columns;
}
