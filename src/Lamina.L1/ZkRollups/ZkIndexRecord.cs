using Lamina.Core.Codec;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// The ids of every registered ZK rollup, strictly increasing: what the begin-block hook and <c>zkl1_list</c> walk.
/// Absent while there are none. Encoding: version (1) ‖ count (u32, 1 to 64) ‖ count × id (u32).
/// </summary>
public sealed record ZkIndexRecord(uint[] Ids) : ICanonical<ZkIndexRecord>
{
    public const byte Version = 1;

    public static readonly ZkIndexRecord Empty = new([]);

    /// <summary>This index with <paramref name="id"/> inserted in order (the caller checked it is new).</summary>
    public ZkIndexRecord With(uint id)
    {
        var at = Array.BinarySearch(Ids, id);
        if (at >= 0) throw new InvalidOperationException($"ZK rollup {id} is already in the index");
        at = ~at;
        return new ZkIndexRecord([.. Ids.AsSpan(0, at), id, .. Ids.AsSpan(at)]);
    }

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteCount(Ids.Length);
        foreach (var id in Ids) writer.WriteU32(id);
    }

    public static ZkIndexRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "ZK rollup index");
        var at = reader.Position;
        var count = reader.ReadCount(ZkRollupLimits.MaxRollups, sizeof(uint), "ZK rollup ids");
        if (count == 0) throw new CodecException(CodecError.NonCanonical, "an empty ZK rollup index is stored as no record", at);
        var ids = new uint[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = reader.ReadU32("rollup id");
            if (i > 0 && ids[i] <= ids[i - 1]) throw new CodecException(CodecError.NonCanonical, "ZK rollup ids must be strictly increasing", at);
        }
        return new ZkIndexRecord(ids);
    }

    public bool Equals(ZkIndexRecord? other) => other is not null && Ids.AsSpan().SequenceEqual(other.Ids);

    public override int GetHashCode() => Ids.Length;
}
