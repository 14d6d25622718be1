using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability.Tests;

/// <summary>Deterministic squares for the tests: blobs in a few namespaces sized to fill a k×k square.</summary>
internal static class TestSquares
{
    public static Namespace Ns(byte id)
    {
        var bytes = new byte[Namespace.IdSize];
        bytes[^1] = id;
        bytes[0] = (byte)(id * 7);
        return Namespace.User(bytes);
    }

    /// <summary>Blobs that need exactly a k-wide square (more than (k/2)² shares, at most k²).</summary>
    public static List<Blob> BlobsFor(int k, int seed)
    {
        var random = new Random(seed);
        var target = k == 1 ? 1 : ((k / 2) * (k / 2)) + 1 + random.Next(k * k - ((k / 2) * (k / 2)) - 1);
        var blobs = new List<Blob>();
        var used = 0;
        var id = (byte)1;
        while (used < target)
        {
            var shares = Math.Min(target - used, 1 + random.Next(Math.Max(1, k)));
            var length = shares == 1 ? 1 + random.Next(Share.FirstCapacity) : Share.FirstCapacity + ((shares - 2) * Share.ContinuationCapacity) + 1 + random.Next(Share.ContinuationCapacity);
            var data = new byte[length];
            random.NextBytes(data);
            blobs.Add(new Blob(Ns((byte)(1 + random.Next(5))), data));
            used += shares;
            id++;
        }
        return blobs;
    }

    public static (DataSquare Square, ExtendedSquare Extended, DataAvailabilityHeader Header) Build(int k, int seed)
    {
        var square = DataSquare.FromBlobs(BlobsFor(k, seed));
        Assert.Equal(k, square.Width);
        var extended = ExtendedSquare.Extend(square, GfIsaSupport.Best);
        return (square, extended, extended.ComputeHeader());
    }
}
