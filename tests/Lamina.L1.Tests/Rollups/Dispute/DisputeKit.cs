using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Tests.Rollups.Dispute;

/// <summary>
/// One L2 block's transaction list executed by the real state machine (the honest view, computed without the
/// one-step executor), the game's absolute prestate, and step proofs built the way a challenger would.
/// </summary>
internal sealed class DisputeKit
{
    public const ulong ChainId = 901;
    public const ulong RollupId = 7;
    public static readonly SigningKey[] Signers = [.. Enumerable.Range(1, 4).Select(i => SigningKey.FromSeed(Enumerable.Repeat((byte)(0x40 + i), 32).ToArray()))];
    public static readonly Address Sequencer = new(Enumerable.Repeat((byte)0x5E, Address.Size).ToArray());
    public static readonly OptimisticRuleContext Context = new(ChainId, RollupId, Sequencer, OptimisticFeeSchedule.Free);
    public static readonly DisputeGameConfig Config = new(4, 10_000, 1_000, 1_000_000);

    private readonly InMemorySmtNodeStore _store;
    private readonly Hash256[] _leaves;
    private readonly OptimisticRuleContext _context;

    /// <summary>Executes from <paramref name="preRoot"/>, whose nodes <paramref name="store"/> must hold (a fresh store: the empty root).</summary>
    public DisputeKit(IReadOnlyList<OneStepTransaction> transactions, Hash256 preRoot, InMemorySmtNodeStore? store = null, OptimisticRuleContext? context = null)
    {
        _store = store ?? new InMemorySmtNodeStore();
        _context = context ?? Context;
        Transactions = transactions;
        PreRoot = preRoot;
        _leaves = ExecutionStep.LeafHashes(transactions);
        Prestate = ExecutionPoint.Start(preRoot, ExecutionStep.TxListRootOf(transactions), (uint)transactions.Count);
        var machine = new OptimisticStateMachine(_store, _context.ChainId, _context.RollupId, _context.Sequencer, _context.Fees, _context.Deposits);
        var points = new ExecutionPoint[transactions.Count + 1];
        points[0] = Prestate;
        for (var c = 0; c < transactions.Count; c++)
        {
            var pre = points[c];
            if (!pre.AllApplied) { points[c + 1] = pre with { Cursor = pre.Cursor + 1 }; continue; }
            var result = machine.Apply(pre.StateRoot, transactions[c]);
            points[c + 1] = pre with { StateRoot = result.PostRoot, Cursor = pre.Cursor + 1, AllApplied = result.Applied };
        }
        Points = points;
    }

    public IReadOnlyList<OneStepTransaction> Transactions { get; }
    public Hash256 PreRoot { get; }
    public ExecutionPoint Prestate { get; }

    /// <summary>The honest point after c transactions, c = 0..count.</summary>
    public IReadOnlyList<ExecutionPoint> Points { get; }

    /// <summary>The honest point at a trace index (the point after min(index + 1, count) transactions).</summary>
    public ExecutionPoint At(ulong traceIndex) => Points[(int)Math.Min(traceIndex + 1, (ulong)Transactions.Count)];

    public ExecutionPoint Final => Points[^1];

    /// <summary>A step from <paramref name="pre"/> as a challenger builds it: the transaction at its cursor, its path, the witness.</summary>
    public StepProof ProofFrom(ExecutionPoint pre)
    {
        if (pre.Finished || !pre.AllApplied) return StepProof.Identity(pre);
        var tx = Transactions[(int)pre.Cursor];
        var (witness, _) = OneStepWitnessGenerator.Generate(_store, pre.StateRoot, tx, _context);
        return new StepProof(pre, tx.Encode(), BinaryMerkleTree.Prove(_leaves, (int)pre.Cursor), witness.Encode());
    }

    /// <summary>
    /// A block for rollup tests: deposits to every signer, then transfers; <paramref name="rejectAt"/> (if in range)
    /// is an overdraft the rules reject (honest derivation would drop it; a lying block records it).
    /// </summary>
    public static DisputeKit Block(int transfers, int rejectAt, ulong seed)
    {
        var txs = new List<OneStepTransaction>();
        for (var d = 0; d < Signers.Length; d++) txs.Add(OneStepTransaction.ForDeposit((ulong)d, Signers[d].Address, 1_000));
        var nonces = new ulong[Signers.Length];
        for (var i = 0; i < transfers; i++)
        {
            var from = (int)((seed + (ulong)i * 7) % (ulong)Signers.Length);
            var to = Signers[(from + 1 + i % 3) % Signers.Length].Address;
            var amount = i == rejectAt ? 1_000_000UL : 1 + (seed + (ulong)i) % 50;
            var nonce = nonces[from];
            if (i != rejectAt) nonces[from]++;
            txs.Add(OneStepTransaction.ForTransfer(OptimisticTransfer.Create(Signers[from], ChainId, RollupId, to, amount, 0, nonce)));
        }
        return new DisputeKit(txs, SparseMerkleTree.EmptyRoot);
    }

    /// <summary>A lie that is not an execution point of anything: a trace value no step can produce.</summary>
    public static Hash256 Garbage(ulong n) => DomainHasher.Hash(new DomainTag("lamina/test/dispute-garbage"), BitConverter.GetBytes(n));
}
