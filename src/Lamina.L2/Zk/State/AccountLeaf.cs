using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;

namespace Lamina.L2.Zk.State;

/// <summary>
/// One account of the ZK rollup: its registered key (none while the slot is empty), balance and nonce. The leaf
/// digest is RPO.HashElements(tag, w0..w4, balance, nonce), exactly one permutation, with w = 0 for no key.
/// </summary>
public readonly record struct AccountLeaf(ZkPublicKey? Key, ulong Balance, uint Nonce)
{
    /// <summary>Balances (and so every amount) stay below 2^62: the sum of two is below p, so no field wrap.</summary>
    public const ulong MaxBalance = (1UL << 62) - 1;

    /// <summary>Leaf domain tag (ASCII "zkleaf1" as a little-endian integer).</summary>
    public static readonly Felt LeafTag = Felt.FromU64(0x0031666165_6C6B7AUL);

    public static AccountLeaf Empty => default;

    public bool IsEmpty => Key is null;

    public Fp5 KeyEncoding => Key?.W ?? Fp5.Zero;

    public RpoDigest Digest()
    {
        if (Balance > MaxBalance)
        {
            throw new InvalidOperationException("balance above the rollup's limit");
        }
        Span<Felt> elements = stackalloc Felt[8];
        WriteElements(elements);
        return Rpo256.HashElements(elements);
    }

    /// <summary>The eight field elements the leaf digest hashes (the AIR lays out the same ones).</summary>
    public void WriteElements(Span<Felt> destination)
    {
        Fp5 w = KeyEncoding;
        destination[0] = LeafTag;
        for (int i = 0; i < 5; i++)
        {
            destination[1 + i] = w[i];
        }
        destination[6] = Felt.FromU64(Balance);
        destination[7] = Felt.FromU64(Nonce);
    }
}
