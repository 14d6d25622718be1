using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Shares;

namespace Lamina.Fuzz;

/// <summary>A small honest square (k = 2), and a copy whose producer corrupted one parity share, for the DA targets.</summary>
public sealed class DataAvailabilityFixture
{
    private static readonly Lazy<DataAvailabilityFixture> Lazy = new(() => new DataAvailabilityFixture());

    public static DataAvailabilityFixture Instance => Lazy.Value;

    private DataAvailabilityFixture()
    {
        Blobs =
        [
            new Blob(Ns(1), Enumerable.Range(0, 700).Select(i => (byte)i).ToArray()),
            new Blob(Ns(2), [1, 2, 3]),
            new Blob(Ns(2), Enumerable.Repeat((byte)0xAB, 100).ToArray()),
        ];
        Square = DataSquare.FromBlobs(Blobs);
        Extended = ExtendedSquare.Extend(Square, GfIsa.Scalar);
        Header = Extended.ComputeHeader();
        var corrupted = Extended.Bytes.ToArray();
        corrupted[(((0 * Extended.Width) + 3) * Share.Size) + 77] ^= 0x10;
        Corrupted = SquareRepair.Repair(Extended.OriginalWidth, corrupted, Enumerable.Repeat(true, Extended.Width * Extended.Width).ToArray(), GfIsa.Scalar);
        CorruptedHeader = Corrupted.ComputeHeader();
    }

    public List<Blob> Blobs { get; }
    public DataSquare Square { get; }
    public ExtendedSquare Extended { get; }
    public DataAvailabilityHeader Header { get; }
    public ExtendedSquare Corrupted { get; }
    public DataAvailabilityHeader CorruptedHeader { get; }

    public static Namespace Ns(byte id)
    {
        var bytes = new byte[Namespace.IdSize];
        bytes[^1] = id;
        return Namespace.User(bytes);
    }

    public byte[][] SharesOf(int row, Namespace ns) =>
        [.. Enumerable.Range(0, Extended.Width).Where(c => Extended.LeafNamespace(row, c) == ns).Select(c => Extended.Share(row, c).ToArray())];
}

public static partial class Seeds
{
    /// <summary>Seeds for the data availability targets, from <see cref="DataAvailabilityFixture"/>.</summary>
    private static void AddDataAvailabilitySeeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        var f = DataAvailabilityFixture.Instance;
        var k = f.Extended.OriginalWidth;
        seeds["da-share"] = [.. Enumerable.Range(0, k * k).Select(i => f.Square.ShareBytes(i / k, i % k).ToArray())];
        seeds["da-square"] = [f.Square.Bytes.ToArray(), DataSquare.FromBlobs([f.Blobs[1]]).Bytes.ToArray()];
        var row = f.Extended.RowTree(0);
        seeds["da-namespace-proof"] = [.. new byte[] { 0, 1, 2, 3 }.Select(id => Canonical.Encode(row.ProveNamespace(DataAvailabilityFixture.Ns(id))))];
        seeds["da-share-proof"] = [.. Enumerable.Range(0, 4).Select(i => Canonical.Encode(ShareProof.Create(f.Extended, f.Header, i, 3 - i)))];
        seeds["da-header"] = [Canonical.Encode(f.Header), Canonical.Encode(f.CorruptedHeader)];
        seeds["da-bad-encoding-proof"] =
        [
            Canonical.Encode(BadEncodingDetector.Find(f.Corrupted, new Hash256(Filled(32, 0x11)), 5)!),
            Canonical.Encode(BadEncodingProof.Create(f.Extended, Hash256.Zero, ulong.MaxValue, Axis.Column, 3)),
        ];
    }
}
