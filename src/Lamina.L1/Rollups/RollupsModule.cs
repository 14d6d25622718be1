using Lamina.L1.Blobs;
using Lamina.L1.Genesis;
using Lamina.L1.Modules;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.State;
using Lamina.L1.Transactions;

namespace Lamina.L1.Rollups;

/// <summary>
/// The L1 settlement module of optimistic rollups (issue 13; docs/optimistic-rollup.md, "L1 rollups module").
/// Kinds: register (16, burns <see cref="RollupLimits.RegistrationFee"/>), deposit (17), force-include (18), batch reference (19), output root (20), withdrawal (21),
/// and the dispute game's create (22), move (23) and resolve (24) (<see cref="DisputeLedger"/>).
/// <list type="bullet">
/// <item>Genesis registers the rollups of the genesis file's "rollups" section.</item>
/// <item>End-block finalizes outputs whose challenge window (L1 header time) has ended undisputed, and records the
/// block's blob base fee (<see cref="BlobFeeRecord"/>), which the dispute game's step charges L2 fees at.</item>
/// <item><see cref="ContributeHeader"/> owns no header field: it is the one hook that sees the block's transactions
/// and the data root together, so it records the block's blob namespaces and data root in the state (before the
/// commit, in both modes alike); batch references in later blocks are checked against that record. It must
/// therefore come after the blobs module in the registry.</item>
/// </list>
/// Every refusal is a <see cref="RollupRejectedException"/> with a <see cref="RollupError"/>.
/// </summary>
public sealed class RollupsModule(BlobModule? blobs = null, ulong blobRetentionBlocks = Blobs.BlobParameters.DefaultRetentionBlocks, bool derivedLists = false) : L1Module
{
    /// <summary>
    /// Dispute games derive every descended block's list on L1 from the batch blobs (docs/optimistic-rollup.md, "List
    /// availability"): the module then records each blob's commitment (per block, and per batch reference) and each
    /// block's time, and every game it creates is a derived one.
    /// </summary>
    public bool DerivedLists { get; } = derivedLists;

    public const string ModuleName = "rollups";

    /// <summary>
    /// How far back a batch may reference a blob, in L1 blocks: the DA retention window (the genesis's blob
    /// parameters). Older shares may be pruned by DA nodes, so such a reference is refused (<see cref="RollupError.BlobExpired"/>),
    /// and the block-blob records past it are deleted from the state.
    /// </summary>
    public ulong BlobRetentionBlocks { get; } = blobRetentionBlocks > 0 ? blobRetentionBlocks : throw new ArgumentOutOfRangeException(nameof(blobRetentionBlocks), "the blob retention window must be at least one block");

    public static readonly IReadOnlyList<TxKindFormat> Formats = [.. RollupFormats.All, .. DisputeFormats.All];

    public override string Name => ModuleName;
    public override IReadOnlyList<TxKindFormat> TxKinds => Formats;

    public override void InitGenesis(WorldState state, GenesisConfig genesis)
    {
        foreach (var config in genesis.Rollups ?? []) RollupLedger.Register(state, config, 0);
        // Height 0 can be an L2 block's origin too (a rollup registered at genesis): its fee is the genesis state's.
        if (blobs is not null) state.SetRecord(RollupKeys.BlobFee(0), new BlobFeeRecord(blobs.CurrentBaseFee(state)));
    }

    public override void Apply(WorldState state, Transaction tx, in BlockContext block)
    {
        switch (tx.Payload)
        {
            case RollupRegisterPayload register:
                RollupLedger.Register(state, register.Config, block.Height);
                BurnRegistrationFee(state, tx.From);
                break;
            case RollupDepositPayload deposit: RollupBridge.Deposit(state, tx, deposit, block); break;
            case RollupForceIncludePayload forced: RollupBridge.ForceInclude(state, tx, forced, block); break;
            case RollupBatchPayload batch: RollupCommitments.Batch(state, tx, batch, block, BlobRetentionBlocks, DerivedLists); break;
            case RollupOutputPayload output: RollupCommitments.Output(state, tx, output, block); break;
            case RollupWithdrawPayload withdraw: RollupBridge.Withdraw(state, withdraw, block); break;
            case DisputeCreatePayload create: DisputeLedger.Create(state, tx, create, block, DerivedLists); break;
            case DisputeMovePayload move: DisputeLedger.Move(state, tx, move, block); break;
            case DisputeResolvePayload resolve: DisputeLedger.Resolve(state, resolve, block); break;
            default: base.Apply(state, tx, block); break;
        }
    }

    /// <summary>
    /// Admission against the head state, so a sender learns at once (as a typed RPC error) what would make every block
    /// leave the transaction out: an unknown or already registered rollup, a batch reference from another address
    /// than the batch poster, a bond that is not the rollup's, a forced transaction signed for another rollup, or a
    /// withdrawal whose output is not finalized, that was already paid, or whose proof does not verify, or a dispute
    /// step the game refuses (one L1's one-step execution refutes: the sender hears L1's verdict). Rules that
    /// depend on the order within a block (batch numbers, output heights, escrow totals) are left to execution.
    /// </summary>
    public override void CheckAdmission(WorldState head, Transaction tx)
    {
        switch (tx.Payload)
        {
            case RollupRegisterPayload register when RollupLedger.Find(head, register.Config.Id) is not null:
                throw new RollupRejectedException(RollupError.RollupExists, $"rollup {register.Config.Id} is already registered");
            case RollupDepositPayload deposit: RollupLedger.Require(head, deposit.RollupId); break;
            case RollupForceIncludePayload forced:
                var config = RollupLedger.Require(head, forced.RollupId).Config;
                if (!ForcedL2Transaction.VerifySignature(forced.L2Kind, forced.L2Transaction, config))
                    throw new RollupRejectedException(RollupError.BadForcedSignature, $"the forced L2 transaction's signature does not verify for L2 chain {config.L2ChainId}, rollup {config.Id}");
                break;
            case RollupBatchPayload batch when tx.From != RollupLedger.Require(head, batch.RollupId).Config.BatchPoster:
                throw new RollupRejectedException(RollupError.NotBatchPoster, $"{tx.From} is not rollup {batch.RollupId}'s batch poster");
            case RollupOutputPayload output when output.Bond != RollupLedger.Require(head, output.RollupId).Config.ProposerBond:
                throw new RollupRejectedException(RollupError.BondMismatch, $"rollup {output.RollupId} requires a bond of {RollupLedger.Require(head, output.RollupId).Config.ProposerBond}, not {output.Bond}");
            case DisputeMovePayload { Move.Kind: DisputeMoveKind.StepAttack or DisputeMoveKind.StepDefend } step:
                DisputeLedger.CheckStep(head, tx, step);
                break;
            case RollupWithdrawPayload withdraw:
                // The same checks as execution, on a scratch checkpoint: nothing the head state holds is changed.
                var checkpoint = head.Checkpoint();
                try
                {
                    RollupBridge.Withdraw(head, withdraw, new BlockContext("", 0, 0, default, 0, []));
                }
                finally
                {
                    head.Revert(checkpoint);
                }
                break;
        }
    }

    /// <summary>The registration fee, burned like the base fee (so the receipt's burned amount counts it).</summary>
    public override UInt128 DataFee(WorldState state, Transaction tx) => tx.Payload is RollupRegisterPayload ? RollupLimits.RegistrationFee : UInt128.Zero;

    private static void BurnRegistrationFee(WorldState state, Core.Address payer)
    {
        // The fee is the payload's value at risk, so the balance check before apply already covered it with gas.
        var account = state.GetAccount(payer);
        state.SetAccount(payer, account with { Balance = checked(account.Balance - RollupLimits.RegistrationFee) });
    }

    public override void EndBlock(WorldState state, in BlockContext block)
    {
        RollupCommitments.FinalizeOutputs(state, block);
        if (blobs is not null) state.SetRecord(RollupKeys.BlobFee(block.Height), new BlobFeeRecord(blobs.CurrentBaseFee(state)));
        if (DerivedLists) state.SetRecord(RollupKeys.L1Time(block.Height), new L1TimeRecord(block.TimeMs));
    }

    public override void ContributeHeader(WorldState state, in BlockContext block, IReadOnlyList<Transaction> transactions, HeaderFields fields)
    {
        RollupCommitments.RecordBlockBlobs(state, block, transactions, fields, DerivedLists);
        RollupCommitments.PruneBlockBlobs(state, block.Height, BlobRetentionBlocks);
    }
}
