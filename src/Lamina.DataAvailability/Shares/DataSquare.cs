using System.Numerics;
using Lamina.Core.Codec;

namespace Lamina.DataAvailability.Shares;

/// <summary>
/// The original k×k square of shares, row-major. Blobs are laid out canonically: ordered by namespace (ties keep
/// their given order), each starting on a fresh share, then tail padding to the end of the smallest power-of-two
/// square that holds them. Widths run from 1 to <see cref="MaxWidth"/> (Celestia's SquareSizeUpperBound).
/// </summary>
public sealed class DataSquare
{
    public const int MaxWidth = 512;

    private readonly byte[] _shares;

    private DataSquare(int width, byte[] shares)
    {
        Width = width;
        _shares = shares;
    }

    /// <summary>k: shares per row and per column.</summary>
    public int Width { get; }

    /// <summary>All k² shares, row-major.</summary>
    public ReadOnlySpan<byte> Bytes => _shares;

    public ReadOnlySpan<byte> ShareBytes(int row, int column) => _shares.AsSpan(((row * Width) + column) * Share.Size, Share.Size);

    public static int WidthFor(int shareCount)
    {
        var width = 1;
        while ((long)width * width < shareCount) width <<= 1;
        if (width > MaxWidth) throw new InvalidSquareException(SquareError.TooLarge, $"{shareCount} shares need a square wider than {MaxWidth}");
        return width;
    }

    public static DataSquare FromBlobs(IReadOnlyList<Blob> blobs)
    {
        var order = new int[blobs.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        // Stable by construction: ties break on the caller's order.
        Array.Sort(order, (a, b) =>
        {
            var c = blobs[a].Namespace.CompareTo(blobs[b].Namespace);
            return c != 0 ? c : a.CompareTo(b);
        });
        long total = 0;
        foreach (var blob in blobs) total += blob.ShareCount;
        if (total > MaxWidth * MaxWidth) throw new InvalidSquareException(SquareError.TooLarge, $"{total} shares do not fit a {MaxWidth}×{MaxWidth} square");
        var width = WidthFor((int)total);
        var bytes = new byte[width * width * Share.Size];
        var index = 0;
        foreach (var blobIndex in order)
        {
            var blob = blobs[blobIndex];
            var data = blob.Data.AsSpan();
            var first = data[..Math.Min(data.Length, Share.FirstCapacity)];
            Share.First(blob.Namespace, data.Length, first).Bytes.CopyTo(bytes.AsSpan(index++ * Share.Size));
            for (var offset = first.Length; offset < data.Length; offset += Share.ContinuationCapacity)
            {
                var chunk = data[offset..Math.Min(data.Length, offset + Share.ContinuationCapacity)];
                Share.Continuation(blob.Namespace, chunk).Bytes.CopyTo(bytes.AsSpan(index++ * Share.Size));
            }
        }
        var padding = Share.TailPadding().Bytes;
        for (; index < width * width; index++) padding.CopyTo(bytes.AsSpan(index * Share.Size));
        return new DataSquare(width, bytes);
    }

    /// <summary>Wraps k² shares (row-major) without checking their contents; <see cref="ExtractBlobs"/> checks them.</summary>
    public static DataSquare FromShares(int width, ReadOnlySpan<byte> shares)
    {
        if (width < 1 || width > MaxWidth || !BitOperations.IsPow2(width)) throw new InvalidSquareException(SquareError.InvalidWidth, $"square width {width} is not a power of two from 1 to {MaxWidth}");
        if (shares.Length != width * width * Share.Size) throw new InvalidSquareException(SquareError.InvalidWidth, $"a {width}-wide square is {width * width * Share.Size} bytes, got {shares.Length}");
        return new DataSquare(width, shares.ToArray());
    }

    /// <summary>Reads the blobs back, refusing any square that is not exactly what <see cref="FromBlobs"/> writes.</summary>
    public IReadOnlyList<Blob> ExtractBlobs()
    {
        var blobs = new List<Blob>();
        var count = Width * Width;
        var index = 0;
        Namespace? previous = null;
        while (index < count)
        {
            var share = Parse(index);
            if (!share.IsSequenceStart) throw new InvalidSquareException(SquareError.BrokenSequence, $"share {index} continues a blob that never started");
            if (share.IsTailPadding)
            {
                for (var rest = index + 1; rest < count; rest++)
                {
                    if (!Parse(rest).IsTailPadding) throw new InvalidSquareException(SquareError.DataAfterPadding, $"share {rest} follows tail padding");
                }
                // Padding is only canonical once the blobs need no smaller square.
                if (WidthFor(index) != Width) throw new InvalidSquareException(SquareError.InvalidWidth, $"{index} shares of blobs fit a smaller square than {Width}");
                break;
            }
            var ns = share.Namespace;
            if (previous is { } before && ns < before) throw new InvalidSquareException(SquareError.UnsortedNamespaces, $"share {index}: namespace {ns} after {before}");
            previous = ns;
            var data = new byte[share.SequenceLength];
            var copied = Math.Min(data.Length, Share.FirstCapacity);
            share.Payload[..copied].CopyTo(data);
            index++;
            while (copied < data.Length)
            {
                if (index >= count) throw new InvalidSquareException(SquareError.BrokenSequence, "the last blob runs past the end of the square");
                var next = Parse(index);
                if (next.IsSequenceStart || next.Namespace != ns) throw new InvalidSquareException(SquareError.BrokenSequence, $"share {index} should continue the blob in {ns}");
                var take = Math.Min(data.Length - copied, Share.ContinuationCapacity);
                if (next.Payload[take..].IndexOfAnyExcept((byte)0) >= 0) throw new InvalidSquareException(SquareError.MalformedShare, $"share {index}: bytes after the end of the blob must be zero");
                next.Payload[..take].CopyTo(data.AsSpan(copied));
                copied += take;
                index++;
            }
            blobs.Add(new Blob(ns, data));
        }
        return blobs;
    }

    private Share Parse(int index)
    {
        try
        {
            return Share.Decode(_shares.AsSpan(index * Share.Size, Share.Size));
        }
        catch (CodecException e)
        {
            throw new InvalidSquareException(SquareError.MalformedShare, $"share {index}: {e.Message}");
        }
    }
}
