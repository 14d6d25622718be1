namespace Lamina.DataAvailability.Coding;

/// <summary>
/// Iterative row/column decoding stalled: every row and column that still has a gap is missing more than k of its 2k
/// shares (the withheld set contains a stopping set, at least (k+1)² shares).
/// </summary>
public sealed class UnrecoverableSquareException(int missing, int width)
    : Exception($"{missing} of {width * width} shares cannot be recovered: every incomplete row and column lacks more than half its shares")
{
    public int Missing { get; } = missing;
    public int Width { get; } = width;
}
