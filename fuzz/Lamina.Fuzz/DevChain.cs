using System.Security.Cryptography;
using System.Text;
using Lamina.Consensus;
using Lamina.Core.Crypto;
using Lamina.L1.Chain;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.L1.Transactions;
using Lamina.Storage;

namespace Lamina.Fuzz;

/// <summary>A clock that never moves, so every block the fuzz chain produces is the same on every run.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>
/// A small deterministic chain on <see cref="InMemoryStore"/>: one validator (key 0), three funded accounts
/// (keys 1..3), and three blocks — two with transfers, one empty — each with its commit and receipts.
/// </summary>
public static class DevChain
{
    public const string ChainId = "lamina-fuzz";
    public const ulong GenesisTimeMs = 1_700_000_000_000;
    public static readonly UInt128 Funding = UInt128.Parse("1000000000000000000000");

    /// <summary>Key number <paramref name="index"/>, from seed SHA-256("lamina-fuzz-key/" + index). Key 0 is the validator.</summary>
    public static SigningKey Key(int index) => SigningKey.FromSeed(SHA256.HashData(Encoding.ASCII.GetBytes($"lamina-fuzz-key/{index}")));

    public static GenesisConfig Genesis()
    {
        var balances = Enumerable.Range(1, 3).Select(i => (Key(i).Address, Funding)).OrderBy(b => b.Address).ToList();
        return new GenesisConfig(ChainId, GenesisTimeMs, new ChainParameters(30_000_000, 4 * 1024 * 1024, 1_000, 1),
            new ValidatorSet([new Validator(Key(0).PublicKey, 10)]), balances, ["v0"]);
    }

    public static Transaction Transfer(int from, ulong nonce, int to, UInt128 amount)
        => Transaction.Create(Key(from), ChainId, nonce, 5_000, 10, TransferPayload.Gas, new TransferPayload(Key(to).Address, amount));

    public static Blockchain Build()
    {
        var chain = new Blockchain(new ChainStore(new InMemoryStore()), Genesis(),
            new FixedTime(DateTimeOffset.FromUnixTimeMilliseconds((long)GenesisTimeMs + 1_000)));
        var validator = Key(0);
        chain.SubmitTransaction(Transfer(1, 0, 2, 1_000));
        chain.SubmitTransaction(Transfer(2, 0, 3, 2_000));
        chain.ProduceBlock(validator);
        chain.SubmitTransaction(Transfer(1, 1, 3, 3_000));
        chain.ProduceBlock(validator);
        chain.ProduceBlock(validator);
        return chain;
    }
}
