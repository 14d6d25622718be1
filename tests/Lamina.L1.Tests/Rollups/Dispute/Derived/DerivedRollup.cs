using Lamina.Core;
using Lamina.Core.Merkle;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Tests.Rollups.Dispute.Derived;

/// <summary>
/// An honest rollup whose every block was posted to L1 the way the batcher posts it: one channel per block (the
/// second block's split into two frames), each referenced by a batch one L1 block after its origin; deposits recorded
/// at every height, one forced transfer at height 2, and one overdraft the rules drop. The honest party knows only
/// what derivation knows: its blocks are the derived ones, its lists the applied candidates, and it plays derived
/// descents with the batch blobs (<see cref="IDerivedOutputHistory"/>).
/// </summary>
internal sealed class DerivedRollup : HeaderChain, IDerivedOutputHistory
{
    public static readonly DerivationRules Rules = new(1, 10, 10, DerivationRules.DefaultMaxSequencerDriftMs, 4);

    private readonly Plan _plan;

    private sealed record BlockPlan(List<OneStepTransaction> Candidates, bool[] Applied, List<Hash256> StatesAfter, Hash256 PreState, ulong Batch);

    private sealed record Plan(List<List<OneStepTransaction>> Applied, List<BlockFields> Fields, List<BlockPlan> Blocks, InMemorySmtNodeStore Store, OptimisticRuleContext Context);

    private DerivedRollup(Plan plan, DerivedRecords records) : base(plan.Applied, plan.Fields, plan.Context, plan.Store)
    {
        _plan = plan;
        Records = records;
    }

    public DerivedRecords Records { get; }

    public OptimisticRuleContext Context => _plan.Context;

    public IReadOnlyList<OneStepTransaction> AppliedList(ulong block) => _plan.Applied[(int)block - 1];

    public BlockFields Fields(ulong block) => _plan.Fields[(int)block - 1];

    public ulong BatchOf(ulong block) => _plan.Blocks[(int)block - 1].Batch;

    /// <summary>
    /// <paramref name="context"/>: the rollup's rules (default <see cref="DisputeKit.Context"/>); <paramref name="timeBaseMs"/>:
    /// L1's time at height 0; each block's channel is referenced <paramref name="postDelay"/> L1 blocks after its origin.
    /// </summary>
    public static DerivedRollup Build(int blocks, ulong seed, OptimisticRuleContext? context = null, ulong timeBaseMs = 0, ulong postDelay = 1)
    {
        var records = new DerivedRecords(timeBaseMs);
        var store = new InMemorySmtNodeStore();
        var rules = (context ?? DisputeKit.Context) with { Deposits = records };
        return Build(blocks, seed, records, store, rules, postDelay);
    }

    private static DerivedRollup Build(int blocks, ulong seed, DerivedRecords records, InMemorySmtNodeStore store, OptimisticRuleContext context, ulong postDelay)
    {
        var machine = new OptimisticStateMachine(store, context.ChainId, context.RollupId, context.Sequencer, context.Fees, context.Deposits);
        var signers = DisputeKit.Signers;
        var nonces = new ulong[signers.Length];
        var state = SparseMerkleTree.EmptyRoot;
        ulong nextDeposit = 0, nextForced = 0;
        var overdraftBlock = 1 + (int)(seed % (ulong)blocks);
        var plan = new Plan([], [], [], store, context);
        for (var b = 1; b <= blocks; b++)
        {
            var origin = (ulong)b;
            var time = records.TimeAt(origin) + 5;
            if (b == 1) foreach (var signer in signers) records.Deposits.Add((signer.Address, 1_000, origin));
            else records.Deposits.Add((signers[b % signers.Length].Address, 100 + seed % 50, origin));
            ulong forcedCount = 0;
            if (b == 2)
            {
                records.ForcedQueue.Add((OneStepTransaction.ForTransfer(OptimisticTransfer.Create(signers[0], context.ChainId, context.RollupId, signers[1].Address, 3, 0, nonces[0]++)), origin));
                forcedCount = 1;
            }
            var items = new List<OptimisticBatchItem>();
            for (var i = 0; i < 2 + (int)((seed + (ulong)b) % 3); i++)
            {
                var from = (int)((seed + (ulong)(b * 5 + i * 3)) % (ulong)signers.Length);
                items.Add(OptimisticBatchItem.From(OptimisticTransfer.Create(signers[from], context.ChainId, context.RollupId,
                    signers[(from + 1 + i % 2) % signers.Length].Address, 1 + (seed + (ulong)i) % 20, 0, nonces[from]++)));
            }
            if (b == overdraftBlock)
                items.Add(OptimisticBatchItem.From(OptimisticTransfer.Create(signers[2], context.ChainId, context.RollupId, signers[3].Address, 1_000_000_000, 0, nonces[2])));

            var candidates = new List<OneStepTransaction>();
            for (; nextDeposit < (ulong)records.Deposits.Count && records.Deposits[(int)nextDeposit].Height <= origin; nextDeposit++)
                candidates.Add(OneStepTransaction.ForDeposit(nextDeposit, records.Deposits[(int)nextDeposit].Recipient, records.Deposits[(int)nextDeposit].Amount));
            for (; nextForced < (ulong)records.ForcedQueue.Count; nextForced++) candidates.Add(records.ForcedQueue[(int)nextForced].Transaction);
            candidates.AddRange(items.Select(OneStepTransaction.ForItem));

            var pre = state;
            var applied = new bool[candidates.Count];
            var states = new List<Hash256>();
            var list = new List<OneStepTransaction>();
            for (var i = 0; i < candidates.Count; i++)
            {
                var result = machine.Apply(state, candidates[i]);
                applied[i] = result.Applied;
                if (result.Applied)
                {
                    state = result.PostRoot;
                    list.Add(candidates[i]);
                }
                states.Add(state);
            }
            var channel = OptimisticChannelPayload.Compress([new OptimisticBatchBlock((ulong)b, time, origin, forcedCount, items)]);
            var frameSize = b == 2 ? channel.Length / 2 + OptimisticChannelFrame.HeaderSize + 1 : Lamina.L1.Blobs.BlobParameters.MaxBlobBytes;
            var batch = records.Post(origin + postDelay, [.. OptimisticChannelFrame.Split(channel, frameSize)]);
            plan.Applied.Add(list);
            plan.Fields.Add(new BlockFields(origin, time, nextDeposit, nextForced));
            plan.Blocks.Add(new BlockPlan(candidates, applied, states, pre, batch));
        }
        return new DerivedRollup(plan, records);
    }

    public DerivedOpening? Derivation(ulong block) => Derivation(block, BatchOf(block));

    /// <summary>The honest opening of <paramref name="block"/> with its list taken from batch <paramref name="batch"/>.</summary>
    public DerivedOpening Derivation(ulong block, ulong batch)
    {
        var plan = _plan.Blocks[(int)block - 1];
        return new DerivedOpening(Output(block - 1)!.Value, Header(block - 1)!, plan.StatesAfter.Count == 0 ? plan.PreState : plan.StatesAfter[^1], [.. plan.Applied], Records.Frames(batch));
    }

    public DerivedExecution? Execution(ulong block)
    {
        if (block == 0 || block > (ulong)_plan.Blocks.Count) return null;
        var plan = _plan.Blocks[(int)block - 1];
        var context = _plan.Context;
        return new DerivedExecution([.. plan.Candidates.Select(c => c.Encode())], plan.PreState, plan.Applied, plan.StatesAfter,
            i => OneStepWitnessGenerator.Generate(_plan.Store, i == 0 ? plan.PreState : plan.StatesAfter[i - 1], plan.Candidates[i], context).Witness.Encode());
    }
}
