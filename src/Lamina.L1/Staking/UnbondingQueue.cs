using Lamina.Core.Codec;

namespace Lamina.L1.Staking;

/// <summary>
/// Stake on its way out: each entry becomes withdrawable at its release height. It is still slashable until then,
/// which is what makes the unbonding period a security parameter rather than a delay.
/// </summary>
public sealed record UnbondingQueue(IReadOnlyList<UnbondingEntry> Entries) : ICanonical<UnbondingQueue>
{
    public const int MaxEntries = 16;
    public static readonly UnbondingQueue Empty = new([]);

    public void Encode(CanonicalWriter w)
    {
        w.WriteCount(Entries.Count);
        foreach (var e in Entries)
        {
            w.WriteU128(e.Amount);
            w.WriteU64(e.ReleaseHeight);
        }
    }

    public static UnbondingQueue Decode(ref CanonicalReader r)
    {
        var count = r.ReadCount(MaxEntries, 24, "unbonding entries");
        var entries = new UnbondingEntry[count];
        for (var i = 0; i < count; i++) entries[i] = new UnbondingEntry(r.ReadU128("amount"), r.ReadU64("release height"));
        return new UnbondingQueue(entries);
    }
}

public readonly record struct UnbondingEntry(UInt128 Amount, ulong ReleaseHeight);
