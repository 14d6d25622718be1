using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L1.Blobs;
using Lamina.L1.Execution;
using Lamina.L1.Genesis;
using Lamina.L1.Modules;
using Lamina.L1.State;
using Lamina.L1.Transactions;
using Lamina.L1.ZkRollups;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Proofs;
using static Lamina.L1.Tests.TestKit;

namespace Lamina.L1.Tests.ZkRollups;

/// <summary>
/// One L1 state with the blob and ZK rollups modules, driven block by block through the real
/// <see cref="BlockExecutor"/> in verify mode, and the rollup's L2 side (the operator's <see cref="ZkState"/> and
/// prover at <see cref="ProofOptions.Default"/>, 105 conjectured bits, since L1 verifies at 100). L1 key 1 is the
/// operator, keys 2.. are users. ZK keys: Alice at account <see cref="A"/>, Bob at <see cref="B"/>.
/// </summary>
internal sealed class ZkKit
{
    public const uint Id = 9;
    public const ulong Delay = 4;
    public const uint A = 3, B = 70_000, C = 16_777_215;
    public const ulong MaxFee = 2_000, Tip = 10, BlobFeeCap = 1_000;

    public static readonly ZkRollupDomain Domain = new(ChainId, Id);
    public static readonly ZkSigningKey Alice = ZkKey(1), Bob = ZkKey(2), Carol = ZkKey(3);

    private readonly Dictionary<Address, ulong> _nonces = [];

    /// <param name="airVersions">The AIR versions the ZK module verifies, when a test needs others than the chain's.</param>
    public ZkKit(bool register = true, ZkAirVersions? airVersions = null)
    {
        var plain = MakeGenesis(8);
        Genesis = new GenesisConfig(plain.ChainId, plain.GenesisTimeMs, plain.Parameters, plain.Validators, plain.Balances, plain.ValidatorNames,
            plain.Staking, BlobParameters.Default);
        Registry = L1ModuleRegistry.ForGenesis(Genesis);
        if (airVersions is not null)
            Registry = new L1ModuleRegistry([.. Registry.Modules.Where(m => m is not ZkRollupsModule), new ZkRollupsModule(Registry.Find<BlobModule>()!, null, airVersions)]);
        Executor = new BlockExecutor(ChainId, Genesis.Parameters, Registry);
        State = new WorldState(new InMemorySmtNodeStore(), SparseMerkleTree.EmptyRoot);
        Executor.InitGenesis(State, Genesis);
        State.Commit();
        if (register) Block(Tx(1, new ZkRegisterPayload(Config)));
    }

    public static ZkRollupConfig Config => new(Id, AccountTree.EmptyRoot, ZkAirVersions.Current, Delay);

    public static ZkSigningKey ZkKey(byte fill) => ZkSigningKey.FromSeed(Enumerable.Repeat(fill, 32).ToArray());

    public GenesisConfig Genesis { get; }
    public L1ModuleRegistry Registry { get; }
    public ZkRollupsModule Module => Registry.Find<ZkRollupsModule>()!;
    public BlockExecutor Executor { get; }
    public WorldState State { get; }
    public ulong Height { get; private set; }

    /// <summary>The operator's L2 state: what the last accepted batch proved.</summary>
    public ZkState L2 { get; private set; } = new();

    public ZkRollupRecord Rollup => ZkLedger.Find(State, Id)!;
    public UInt128 Balance(Address address) => State.GetAccount(address).Balance;
    public UInt128 Escrow => Balance(ZkKeys.Escrow(Id));

    public Transaction Tx(int key, TxPayload payload)
    {
        var address = Addr(key);
        _nonces.TryGetValue(address, out var nonce);
        _nonces[address] = nonce + 1;
        return Transaction.Create(Key(key), ChainId, nonce, MaxFee, Tip, payload.IntrinsicGas, payload);
    }

    public BlockContext Next() => new(ChainId, Height + 1, GenesisTimeMs + (Height + 1) * 1_000, ValidatorKey.Address, BaseFee, []);

    /// <summary>Runs one block in verify mode: every transaction must apply.</summary>
    public BlockExecution Block(params Transaction[] txs) => Block(Next(), txs);

    public BlockExecution Block(BlockContext context, params Transaction[] txs)
    {
        var run = Executor.Run(State, context, txs, ExecutionMode.Verify);
        State.Commit();
        Height = context.Height;
        return run;
    }

    /// <summary>Applies <paramref name="tx"/> alone in the next block's context and returns the refusal; the state must not change.</summary>
    public ZkRollupError Refused(Transaction tx, BlockContext? context = null)
    {
        var before = State.Root;
        var e = Assert.Throws<ZkRollupRejectedException>(() => Executor.ApplyInBlock(State, tx, context ?? Next(), 0));
        Assert.Equal(TxRejectReason.RollupRejected, e.Reason);
        Assert.Equal(e.Error.ToString(), e.Detail);
        Assert.Equal(before, State.Commit());
        _nonces[tx.From] = tx.Nonce;
        return e.Error;
    }

    public Transaction Deposit(int key, uint to, ZkSigningKey zk, ulong amount) => Tx(key, new ZkDepositPayload(Id, to, zk.PublicKey, amount));

    /// <summary>L1's pending priority requests from the head, as the operator reads them (the serials L1 assigned).</summary>
    public List<ZkTransaction> Pending()
    {
        var rollup = Rollup;
        var ops = new List<ZkTransaction>();
        for (var s = rollup.PriorityProcessed; s < rollup.NextPriority; s++) ops.Add(ZkLedger.FindPriority(State, Id, s)!.Operation);
        return ops;
    }

    public ZkProvenBatch Prove(IReadOnlyList<ZkTransaction> txs) => new ZkBatchProver(Domain, ProofOptions.Default).Prove(L2, txs, Rollup.NextBatch);

    /// <summary>The submission of <paramref name="proven"/>, by the operator (key 1) unless told otherwise.</summary>
    public Transaction Submit(ZkProvenBatch proven, int key = 1) =>
        Tx(key, new ZkBatchPayload(Id, proven.BatchNumber, ZkBatchEffects.FromPubdata(proven.Result.State.Accounts.Root, proven.Result.Ops, Rollup.PriorityProcessed),
            BlobFeeCap, proven.Result.Pubdata, proven.Proof));

    /// <summary>Any submission, the parts given (attacks).</summary>
    public Transaction Submit(ulong number, ZkBatchEffects effects, byte[] pubdata, ZkBatchProof proof, int key = 1) =>
        Tx(key, new ZkBatchPayload(Id, number, effects, BlobFeeCap, pubdata, proof));

    /// <summary>Takes the operator's state to what <paramref name="proven"/> proved, once L1 accepted it.</summary>
    public void Accepted(ZkProvenBatch proven) => L2 = proven.Result.State;

    /// <summary>An address for L1 payouts that holds nothing at genesis.</summary>
    public static Address Payee(byte fill) => new(Enumerable.Repeat(fill, Address.Size).ToArray());

    public static PubdataOp[] Ops(ZkProvenBatch proven) => [.. proven.Result.Ops];
}
