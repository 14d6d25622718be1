using Lamina.Core.Codec;

namespace Lamina.L2.Optimistic;

/// <summary>
/// The Merkle witnesses one transaction needs to be executed statelessly: one <see cref="OneStepAccess"/> per state
/// access, in the order <see cref="OptimisticRules"/> makes them (a rejected transaction's witness stops at the access
/// where the rules rejected it; a bad signature needs none). Produced by <see cref="OneStepWitnessGenerator"/>,
/// consumed by <see cref="OneStepExecutor"/>.
/// Encoding: version 1 ‖ count (u32, at most <see cref="MaxAccesses"/>) ‖ accesses. Decoding is size-capped.
/// </summary>
public sealed record OneStepWitness(IReadOnlyList<OneStepAccess> Accesses)
{
    public const byte Version = 1;

    /// <summary>A transfer or a withdrawal makes three accesses, a deposit one.</summary>
    public const int MaxAccesses = 4;

    public const int MaxEncodedSize = 1 + 4 + MaxAccesses * OneStepAccess.MaxEncodedSize;

    /// <summary>Smallest access: has-value flag, proof depth, has-leaf flag.</summary>
    private const int MinAccessSize = 4;

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(256);
        writer.WriteU8(Version);
        writer.WriteCount(Accesses.Count);
        foreach (var access in Accesses) access.Write(writer);
        return writer.ToArray();
    }

    public static OneStepWitness Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxEncodedSize)
            throw new CodecException(CodecError.Oversize, $"one-step witness of {bytes.Length} bytes exceeds {MaxEncodedSize}", 0);
        var reader = new CanonicalReader(bytes);
        reader.ExpectVersion(Version, "one-step witness");
        var count = reader.ReadCount(MaxAccesses, MinAccessSize, "witness accesses");
        var accesses = new OneStepAccess[count];
        for (var i = 0; i < count; i++) accesses[i] = OneStepAccess.Read(ref reader);
        reader.EnsureEnd("one-step witness");
        return new OneStepWitness(accesses);
    }
}
