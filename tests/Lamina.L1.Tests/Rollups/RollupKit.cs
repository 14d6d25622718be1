using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.L1.Modules;
using Lamina.L1.Rollups;
using Lamina.L1.State;
using Lamina.L1.Transactions;
using Lamina.L1.ZkRollups;
using Lamina.L2.Optimistic;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests.Rollups;

/// <summary>
/// One L1 state with the rollups module and rollup <see cref="Id"/> registered at genesis, driven block by block
/// through the real <see cref="BlockExecutor"/> (hooks, transactions, header contributions), with the L1 time of
/// each block chosen by the test. Key 1 is the batch poster, keys 2.. are users and proposers.
/// </summary>
internal sealed class RollupKit
{
    public const ulong Id = 7;
    public const ulong L2ChainId = 4242;
    public const ulong WindowSeconds = 10;
    public const ulong SequencingWindow = 5;
    public static readonly UInt128 Bond = 1_000_000;
    public static readonly Hash256 GenesisRoot = DomainHasher.Hash(new DomainTag("lamina/test/l2-genesis"), [1]);
    public const ulong Tip = 10;
    public const ulong MaxFee = 2_000;

    private readonly Dictionary<Address, ulong> _nonces = [];

    /// <param name="derivedLists">Runs the rollups module with dispute games that derive lists on L1 (its records and derived games).</param>
    public RollupKit(ulong blobRetentionBlocks = BlobParameters.DefaultRetentionBlocks, bool derivedLists = false)
    {
        Genesis = MakeGenesis(8);
        Genesis = new GenesisConfig(Genesis.ChainId, Genesis.GenesisTimeMs, Genesis.Parameters, Genesis.Validators, Genesis.Balances,
            Genesis.ValidatorNames, Genesis.Staking, BlobParameters.Default with { RetentionBlocks = blobRetentionBlocks }, [Config]);
        var registry = L1ModuleRegistry.ForGenesis(Genesis);
        if (derivedLists)
        {
            var standard = L1ModuleRegistry.Standard(Genesis.Staking, Genesis.Blobs);
            var blobs = standard.Find<BlobModule>()!;
            registry = standard.With(new RollupsModule(blobs, blobRetentionBlocks, derivedLists: true)).With(new ZkRollupsModule(blobs));
        }
        Executor = new BlockExecutor(ChainId, Genesis.Parameters, registry);
        State = new WorldState(new InMemorySmtNodeStore(), SparseMerkleTree.EmptyRoot);
        Executor.InitGenesis(State, Genesis);
        State.Commit();
    }

    public static RollupConfig Config => new(Id, L2ChainId, GenesisRoot, Bond, WindowSeconds, SequencingWindow, Addr(1));

    public GenesisConfig Genesis { get; }
    public BlockExecutor Executor { get; }
    public WorldState State { get; }
    public ulong Height { get; private set; }
    public ulong TimeMs { get; private set; } = GenesisTimeMs;

    public RollupRecord Rollup => RollupLedger.Find(State, Id)!;
    public UInt128 Balance(Address address) => State.GetAccount(address).Balance;
    public UInt128 Escrow => Balance(RollupAccounts.Escrow(Id));

    public Transaction Tx(int key, TxPayload payload, ulong gas = 200_000)
    {
        var address = Addr(key);
        _nonces.TryGetValue(address, out var nonce);
        _nonces[address] = nonce + 1;
        return Transaction.Create(Key(key), ChainId, nonce, MaxFee, Tip, gas, payload);
    }

    private BlockContext Next(ulong advanceMs) => new(ChainId, Height + 1, TimeMs + advanceMs, ValidatorKey.Address, BaseFee, []);

    /// <summary>Runs one block (verify mode: every transaction must apply) <paramref name="advanceMs"/> after the last.</summary>
    public BlockExecution Block(ulong advanceMs, params Transaction[] txs)
    {
        var context = Next(advanceMs);
        var run = Executor.Run(State, context, txs, ExecutionMode.Verify);
        State.Commit();
        Height = context.Height;
        TimeMs = context.TimeMs;
        return run;
    }

    /// <summary>
    /// Applies <paramref name="tx"/> alone in the next block's context (without running the block) and returns the
    /// rollups module's refusal; the state must be exactly as before.
    /// </summary>
    public RollupError Refused(Transaction tx, ulong advanceMs = 1_000)
    {
        var before = State.Root;
        var context = Next(advanceMs);
        var e = Assert.Throws<RollupRejectedException>(() => Executor.ApplyInBlock(State, tx, context, 0));
        Assert.Equal(TxRejectReason.RollupRejected, e.Reason);
        Assert.Equal(e.Error.ToString(), e.Detail);
        Assert.Equal(before, State.Commit());
        // The refused transaction consumed no nonce.
        _nonces[tx.From] = tx.Nonce;
        return e.Error;
    }

    /// <summary>Gives back the nonce of a transaction that was refused (so the next one reuses it).</summary>
    public void ForgetNonce(Transaction tx) => _nonces[tx.From] = tx.Nonce;

    public static Namespace RollupNs => RollupNamespace.Of(Id);

    public Transaction BlobTx(int key, Namespace ns, int length, byte seed)
    {
        var data = new byte[length];
        for (var i = 0; i < data.Length; i++) data[i] = (byte)(i * 13 + seed);
        return Tx(key, new BlobPayload(ns, 1_000, data), 30_000);
    }

    public Transaction Deposit(int key, Address l2Recipient, ulong amount) => Tx(key, new RollupDepositPayload(Id, l2Recipient, amount));

    public Transaction Output(int key, ulong l2Block, Hash256 root, UInt128? bond = null) => Tx(key, new RollupOutputPayload(Id, l2Block, root, bond ?? Bond));

    public Transaction Withdraw(int key, ulong outputIndex, OptimisticWithdrawalReceipt receipt, OptimisticWithdrawalProof proof)
        => Tx(key, new RollupWithdrawPayload(Id, outputIndex, receipt, proof));
}
