using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Lamina.Consensus;
using Lamina.Core.Crypto;
using Lamina.Core;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.L1.Transactions;

namespace Lamina.L1.Tests;

/// <summary>Deterministic keys, transactions and genesis files shared by the L1 tests.</summary>
internal static class TestKit
{
    public const string ChainId = "lamina-test";
    public const ulong GenesisTimeMs = 1_700_000_000_000;
    public const ulong BaseFee = 1_000;

    private static readonly ConcurrentDictionary<int, SigningKey> Keys = new();

    /// <summary>Key number <paramref name="index"/>, from seed SHA-256("lamina-l1-test-key/" + index). Key 0 is the validator.</summary>
    public static SigningKey Key(int index) => Keys.GetOrAdd(index, i => SigningKey.FromSeed(SHA256.HashData(Encoding.ASCII.GetBytes($"lamina-l1-test-key/{i}"))));

    public static SigningKey ValidatorKey => Key(0);

    public static Address Addr(int index) => Key(index).Address;

    public static Transaction Transfer(SigningKey from, ulong nonce, Address to, UInt128 amount,
        ulong maxFee = 2_000, ulong tip = 10, ulong gasLimit = TransferPayload.Gas, string chainId = ChainId)
        => Transaction.Create(from, chainId, nonce, maxFee, tip, gasLimit, new TransferPayload(to, amount));

    /// <summary>The same transaction with one bit of its signature flipped.</summary>
    public static Transaction WithBadSignature(Transaction tx)
    {
        var sig = tx.Signature.ToArray();
        sig[5] ^= 0x01;
        return new Transaction(tx.ChainId, tx.Nonce, tx.Sender, tx.MaxFeePerGas, tx.MaxPriorityFeePerGas, tx.GasLimit, tx.Payload, new Signature(sig));
    }

    public static ChainParameters Parameters(ulong gasLimit = 30_000_000, int maxBlockBytes = 4 * 1024 * 1024, ulong minTip = 1)
        => new(gasLimit, maxBlockBytes, BaseFee, minTip);

    /// <summary>A one-validator genesis (key 0, power 10) funding keys 1..<paramref name="funded"/> with <paramref name="amount"/> each.</summary>
    public static GenesisConfig MakeGenesis(int funded = 5, UInt128? amount = null, ChainParameters? parameters = null, string chainId = ChainId)
    {
        var each = amount ?? UInt128.Parse("1000000000000000000000");
        var balances = Enumerable.Range(1, funded).Select(i => (Addr(i), each)).OrderBy(b => b.Item1).ToList();
        return new GenesisConfig(chainId, GenesisTimeMs, parameters ?? Parameters(), new ValidatorSet([new Validator(ValidatorKey.PublicKey, 10)]), balances, ["v0"]);
    }
}

/// <summary>A clock that stands still unless told to move.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;

    public static ManualTime AtGenesis() => new(DateTimeOffset.FromUnixTimeMilliseconds((long)TestKit.GenesisTimeMs + 1_000));
}

/// <summary>A fresh directory under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lamina-l1-tests-" + Guid.NewGuid().ToString("N"));

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
