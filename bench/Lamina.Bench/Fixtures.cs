using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.Transactions;

namespace Lamina.Bench;

/// <summary>Deterministic keys and signed transfers for the suites (seeded, so runs are comparable).</summary>
internal static class Fixtures
{
    public const ulong MaxFeePerGas = 1_000_000;
    public const ulong MaxPriorityFeePerGas = 2;

    public static SigningKey[] Keys(int count, int domain)
    {
        var keys = new SigningKey[count];
        Span<byte> seed = stackalloc byte[SigningKey.SeedSize];
        for (var i = 0; i < count; i++)
        {
            seed.Clear();
            BitConverter.TryWriteBytes(seed, i);
            BitConverter.TryWriteBytes(seed[4..], domain);
            keys[i] = SigningKey.FromSeed(seed);
        }
        return keys;
    }

    public static Transaction Transfer(SigningKey from, string chainId, ulong nonce, Address to, UInt128 amount)
        => Transaction.Create(from, chainId, nonce, MaxFeePerGas, MaxPriorityFeePerGas, TransferPayload.Gas, new TransferPayload(to, amount));

    /// <summary>A copy with no cached hashes, as a node holds a transaction it has just decoded from the wire.</summary>
    public static Transaction Fresh(Transaction tx) => Transaction.FromBytes(tx.Encoded);
}
