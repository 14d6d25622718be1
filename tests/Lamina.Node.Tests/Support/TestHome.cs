using System.Globalization;
using System.Net.Sockets;
using System.Net;
using Lamina.Consensus;
using Lamina.Core.Crypto;
using Lamina.Core;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.L1.Transactions;
using Lamina.Node.Keys;

namespace Lamina.Node.Tests.Support;

/// <summary>
/// A node home laid out as `lamina init` does (config.json, genesis.json, validator.key) in a fresh temp directory:
/// one validator holding all the power, a few funded keys and one key with nothing.
/// </summary>
public sealed class TestHome : IDisposable
{
    public const string ChainId = "lamina-node-test";
    public const int FundedCount = 12;
    public static readonly UInt128 FundedBalance = UInt128.Parse("1000000000000000000000000", CultureInfo.InvariantCulture);

    public TestHome()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lamina-node-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        Validator = SigningKey.Generate();
        for (var i = 0; i < FundedCount; i++) Funded.Add(SigningKey.Generate());
        Unfunded = SigningKey.Generate();

        KeyFile.Write(System.IO.Path.Combine(Path, "validator.key"), Validator);
        // Sorted as the genesis file loader sorts them, so this in-memory genesis hashes like the node's.
        var balances = Funded.Select(k => (k.Address, FundedBalance)).OrderBy(b => b.Address).ToList();
        var set = new ValidatorSet([new Validator(Validator.PublicKey, 100)]);
        Genesis = new GenesisConfig(ChainId, (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ChainParameters.Default, set, balances, ["validator-0"]);
        File.WriteAllText(System.IO.Path.Combine(Path, "genesis.json"), Genesis.ToJson());
        Port = FreePort();
        new NodeConfig { Name = "test-node", RpcListen = $"http://127.0.0.1:{Port}", BlockIntervalMs = 50 }.Save(Path);
    }

    public string Path { get; }
    public int Port { get; }

    /// <summary>Rewrites genesis.json with the blob module on, and these rollups registered, for the layers above L1.</summary>
    /// <param name="derivedLists">The genesis switch <c>derivedRollupLists</c>: dispute games derive a disputed block's list on L1 (needs <paramref name="rollups"/>).</param>
    public void WriteGenesisWithBlobs(IReadOnlyList<Lamina.L1.Rollups.RollupConfig>? rollups = null, bool derivedLists = false)
    {
        var g = Genesis;
        var genesis = new GenesisConfig(g.ChainId, g.GenesisTimeMs, g.Parameters, g.Validators, g.Balances, g.ValidatorNames, g.Staking,
            Lamina.L1.Blobs.BlobParameters.Default, rollups, derivedLists);
        File.WriteAllText(System.IO.Path.Combine(Path, "genesis.json"), genesis.ToJson());
    }
    public GenesisConfig Genesis { get; }
    public SigningKey Validator { get; }
    public List<SigningKey> Funded { get; } = [];
    public SigningKey Unfunded { get; }
    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    /// <summary>
    /// A port free now, from 22000–23999: below Linux's ephemeral range (32768–60999), where a kernel-chosen port
    /// could be taken again by another test's outgoing connection before the node binds it (three TypedClientTests
    /// once failed with "address already in use" that way). Each call moves on, so no port is reused in a run.
    /// </summary>
    public static int FreePort()
    {
        lock (PortLock)
        {
            for (var attempt = 0; attempt < 2000; attempt++)
            {
                var port = _nextPort;
                _nextPort = _nextPort >= 23_999 ? 22_000 : _nextPort + 1;
                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    return port;
                }
                catch (SocketException)
                {
                    // Taken: try the next one.
                }
            }
            throw new InvalidOperationException("no free port in 22000-23999: are other test runs holding them?");
        }
    }

    private static readonly Lock PortLock = new();
    // A start that differs between test processes, so two runs at once rarely probe the same ports first.
    private static int _nextPort = 22_000 + (Environment.ProcessId % 1000 * 2);

    /// <summary>A signed transfer; the fee caps default well above the base fee (which starts at 1000 and only falls on an idle chain).</summary>
    public static Transaction Transfer(SigningKey from, ulong nonce, Address to, UInt128 amount, ulong maxFee = 10_000, ulong tip = 2,
        string chainId = ChainId, ulong gasLimit = TransferPayload.Gas)
        => Transaction.Create(from, chainId, nonce, maxFee, tip, gasLimit, new TransferPayload(to, amount));

    public static Address RandomAddress()
    {
        using var key = SigningKey.Generate();
        return key.Address;
    }

    public void Dispose()
    {
        Validator.Dispose();
        foreach (var k in Funded) k.Dispose();
        Unfunded.Dispose();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 20)
            {
                Thread.Sleep(50);
            }
        }
    }
}
