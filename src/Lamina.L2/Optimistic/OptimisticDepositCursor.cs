using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.L2.Optimistic;

/// <summary>
/// The next L1 deposit queue index the state will credit, kept as one leaf of the state tree (its own key space), so
/// the state root commits to which deposits were credited: a deposit must carry exactly this index, and crediting it
/// advances the cursor. A deposit therefore credits at most once and in L1's order, and L1's one-step executor checks
/// it from a witness like any account. Absent means 0. Encoding: version 1 ‖ next index (BE u64), 9 bytes.
/// </summary>
public static class OptimisticDepositCursor
{
    public const byte Version = 1;
    public const int EncodedSize = 1 + 8;
    private static readonly DomainTag KeyTag = new("lamina/l2/optimistic/deposit-cursor");

    public static readonly Hash256 Key = DomainHasher.Hash(KeyTag, ReadOnlySpan<byte>.Empty);

    public static byte[] Encode(ulong next)
    {
        var writer = new CanonicalWriter(EncodedSize);
        writer.WriteU8(Version);
        writer.WriteU64(next);
        return writer.ToArray();
    }

    public static ulong Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        reader.ExpectVersion(Version, "deposit cursor");
        var next = reader.ReadU64("next deposit index");
        reader.EnsureEnd("deposit cursor");
        return next;
    }
}
