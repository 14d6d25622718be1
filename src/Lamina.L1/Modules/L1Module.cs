using System.Text.Json.Nodes;
using Lamina.Core;
using Lamina.L1.Genesis;
using Lamina.L1.State;
using Lamina.L1.Transactions;

namespace Lamina.L1.Modules;

/// <summary>
/// One settlement concern of L1 (balances, staking, and next blobs, rollups, the bridge): its transaction kinds,
/// how they execute, what it does at the start and end of every block, the header fields it contributes, and views of
/// the records it keeps in the state tree. Modules are stateless objects over <see cref="WorldState"/>; everything
/// they remember lives in the tree, under keys they own (<see cref="StateKeys.Module"/> for new modules).
/// <para>
/// Hooks run in registry order in both the proposer's and the verifier's pipeline, so they must be deterministic
/// functions of the state and the <see cref="BlockContext"/>. A hook or an apply that throws part-way leaves nothing
/// behind: the pipeline checkpoints the state around every transaction.
/// </para>
/// </summary>
public abstract class L1Module
{
    /// <summary>A short unique name (ASCII, at most 32 characters); also the namespace of its state keys.</summary>
    public abstract string Name { get; }

    /// <summary>The kinds this module executes; each also decodes and renders through <see cref="TxFormats"/>.</summary>
    public virtual IReadOnlyList<TxKindFormat> TxKinds => [];

    /// <summary>Writes the module's records for a fresh chain.</summary>
    public virtual void InitGenesis(WorldState state, GenesisConfig genesis) { }

    /// <summary>Runs before the block's transactions.</summary>
    public virtual void BeginBlock(WorldState state, in BlockContext block) { }

    /// <summary>
    /// Executes one of this module's kinds whose signature, fee fields, nonce and balance for the maximum cost are
    /// already checked. Refusal is a <see cref="TransactionRejectedException"/>: the transaction then stays out of a
    /// block being built, and makes a block being verified invalid. The fee is charged after this returns.
    /// </summary>
    public virtual void Apply(WorldState state, Transaction tx, in BlockContext block)
        => throw new TransactionRejectedException(TxRejectReason.Malformed, $"module {Name} executes no transaction kind {(byte)tx.Payload.Kind}");

    /// <summary>
    /// Any fee beyond execution gas that <see cref="Apply"/> burns for <paramref name="tx"/>, read before it runs (a
    /// blob's blob fee), so the receipt's burned amount is the whole burn.
    /// </summary>
    public virtual UInt128 DataFee(WorldState state, Transaction tx) => UInt128.Zero;

    /// <summary>
    /// Mempool admission checks of this module's kinds against the head state (<paramref name="head"/>, read-only),
    /// before the pool's own checks: e.g. a blob's fee cap against the next block's blob base fee. Refuses with
    /// <see cref="TransactionRejectedException"/>; execution still runs <see cref="Apply"/>'s checks in the block.
    /// </summary>
    public virtual void CheckAdmission(WorldState head, Transaction tx) { }

    /// <summary>
    /// Admission work of this module's kinds that is costly and needs only a read of the head state (a ZK batch's
    /// proof verification): the chain runs it before its admission gate, so concurrent submissions do not queue
    /// behind it, then <see cref="CheckAdmission"/> under the gate. Refuses with <see cref="TransactionRejectedException"/>.
    /// </summary>
    public virtual void PrepareAdmission(WorldState head, Transaction tx) { }

    /// <summary>Runs after the block's transactions, before the next validator set is read.</summary>
    public virtual void EndBlock(WorldState state, in BlockContext block) { }

    /// <summary>Sets the header fields this module owns, from the state after end-block and the block's transactions.</summary>
    public virtual void ContributeHeader(WorldState state, in BlockContext block, IReadOnlyList<Transaction> transactions, HeaderFields fields) { }

    /// <summary>The module's records about <paramref name="owner"/> as JSON, or null when it keeps none.</summary>
    public virtual JsonObject? ViewRecords(WorldState state, Address owner) => null;
}
