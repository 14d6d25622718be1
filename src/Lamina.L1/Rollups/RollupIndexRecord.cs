using Lamina.Core.Codec;

namespace Lamina.L1.Rollups;

/// <summary>
/// The ids of every registered rollup, strictly increasing: what <c>rollup_list</c> and the end-block hook walk
/// (the state tree itself cannot be enumerated in a deterministic order cheaply). Absent while there are none.
/// Encoding: version (1) ‖ count (u32, 1 to 1,024) ‖ count × id (u64).
/// </summary>
public sealed record RollupIndexRecord(ulong[] Ids) : ICanonical<RollupIndexRecord>
{
    public const byte Version = 1;

    public static readonly RollupIndexRecord Empty = new([]);

    /// <summary>This index with <paramref name="id"/> inserted in order (the caller checked it is new).</summary>
    public RollupIndexRecord With(ulong id)
    {
        var ids = new ulong[Ids.Length + 1];
        var at = Array.BinarySearch(Ids, id);
        if (at >= 0) throw new InvalidOperationException($"rollup {id} is already in the index");
        at = ~at;
        Ids.AsSpan(0, at).CopyTo(ids);
        ids[at] = id;
        Ids.AsSpan(at).CopyTo(ids.AsSpan(at + 1));
        return new RollupIndexRecord(ids);
    }

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteCount(Ids.Length);
        foreach (var id in Ids) writer.WriteU64(id);
    }

    public static RollupIndexRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "rollup index");
        var at = reader.Position;
        var count = reader.ReadCount(RollupLimits.MaxRollups, sizeof(ulong), "rollup ids");
        if (count == 0) throw new CodecException(CodecError.NonCanonical, "an empty rollup index is stored as no record", at);
        var ids = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = reader.ReadU64("rollup id");
            if (i > 0 && ids[i] <= ids[i - 1]) throw new CodecException(CodecError.NonCanonical, "rollup ids must be strictly increasing", at);
        }
        return new RollupIndexRecord(ids);
    }

    public bool Equals(RollupIndexRecord? other) => other is not null && Ids.AsSpan().SequenceEqual(other.Ids);

    public override int GetHashCode() => Ids.Length;
}
