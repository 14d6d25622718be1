using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Core;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blocks;
using Lamina.L1.Modules;
using Lamina.L1.State;
using Lamina.L1.Transactions;

namespace Lamina.L1.Blobs;

/// <summary>
/// Data-availability blobs on L1: the blob transaction kind, EIP-4844's blob fee market (its state in one record,
/// <see cref="BlobFeeState"/>), the per-block blob gas limit, and the block's data root. L1 only orders blobs and
/// commits to them: the block's blobs are laid into the data square (<see cref="DataSquare.FromBlobs"/>), extended
/// (<see cref="ExtendedSquare.Extend"/>), and the root over its row and column roots becomes the header's data root,
/// which every verifying node recomputes through the same hook. A block without blobs keeps the zero data root.
/// </summary>
public sealed class BlobModule : L1Module
{
    public const string ModuleName = "blobs";
    public static readonly Hash256 FeeStateKey = StateKeys.Module(ModuleName, "fee"u8);
    public static readonly IReadOnlyList<TxKindFormat> Formats = [new BlobTxFormat()];

    public BlobModule(BlobParameters? parameters = null)
    {
        Parameters = parameters ?? BlobParameters.Default;
        Parameters.Validate();
    }

    public BlobParameters Parameters { get; }
    public override string Name => ModuleName;
    public override IReadOnlyList<TxKindFormat> TxKinds => Formats;

    public static BlobFeeState ReadFeeState(WorldState state) => state.GetRecord<BlobFeeState>(FeeStateKey) ?? BlobFeeState.Zero;

    /// <summary>The base fee per blob gas of the block now executing (after its begin-block hook).</summary>
    public ulong CurrentBaseFee(WorldState state) => BlobFeeMarket.BaseFeePerBlobGas(ReadFeeState(state).ExcessBlobGas, Parameters);

    /// <summary>The base fee per blob gas the next block will charge, from the committed state after a block.</summary>
    public ulong NextBaseFee(WorldState state)
    {
        var fee = ReadFeeState(state);
        return BlobFeeMarket.BaseFeePerBlobGas(BlobFeeMarket.NextExcessBlobGas(fee.ExcessBlobGas, fee.BlobGasUsed, Parameters), Parameters);
    }

    /// <summary>Rolls the parent's excess and usage into this block's excess and resets the usage.</summary>
    public override void BeginBlock(WorldState state, in BlockContext block)
    {
        var parent = ReadFeeState(state);
        var excess = BlobFeeMarket.NextExcessBlobGas(parent.ExcessBlobGas, parent.BlobGasUsed, Parameters);
        Write(state, parent, new BlobFeeState(excess, 0));
    }

    public override void Apply(WorldState state, Transaction tx, in BlockContext block)
    {
        if (tx.Payload is not BlobPayload blob) throw new TransactionRejectedException(TxRejectReason.Malformed, $"the blob module executes blobs, not kind {(byte)tx.Payload.Kind}");
        ChargeBlob(state, tx.From, blob);
    }

    /// <summary>
    /// Charges a blob exactly as a blob transaction is charged: the fee cap against this block's blob base fee, the
    /// block's blob gas limit, and the blob fee burned from <paramref name="payer"/>. Also what another module calls
    /// for a blob its own kind carries (<see cref="TxPayload.CarriedBlob"/>, a ZK batch's pubdata).
    /// </summary>
    public void ChargeBlob(WorldState state, Core.Address payer, BlobPayload blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var fee = ReadFeeState(state);
        var baseFee = BlobFeeMarket.BaseFeePerBlobGas(fee.ExcessBlobGas, Parameters);
        if (blob.MaxFeePerBlobGas < baseFee) throw new TransactionRejectedException(TxRejectReason.FeeTooLow, $"max fee per blob gas {blob.MaxFeePerBlobGas} is below the blob base fee {baseFee}");
        var used = checked(fee.BlobGasUsed + blob.BlobGas);
        if (used > Parameters.MaxBlobGasPerBlock) throw new TransactionRejectedException(TxRejectReason.BlobSpaceFull, $"this blob would bring the block to {used} blob bytes, over the limit of {Parameters.MaxBlobGasPerBlock}");
        // The sender's balance covers gas limit × max fee + max blob fee (checked before apply), so this cannot underflow.
        var sender = state.GetAccount(payer);
        state.SetAccount(payer, sender with { Balance = checked(sender.Balance - BlobFeeMarket.BlobFee(blob.BlobGas, baseFee)) });
        Write(state, fee, fee with { BlobGasUsed = used });
    }

    /// <summary>The blob fee <see cref="ChargeBlob"/> burns for <paramref name="blob"/> at this block's blob base fee.</summary>
    public UInt128 BlobFee(WorldState state, BlobPayload blob) => BlobFeeMarket.BlobFee((blob ?? throw new ArgumentNullException(nameof(blob))).BlobGas, CurrentBaseFee(state));

    /// <summary>
    /// Admission: the fee cap must cover the next block's blob base fee (EIP-4844's rule for the blob pool), and the
    /// blob must fit in one block; otherwise no block could ever include it, and it would only take pool space.
    /// </summary>
    public override void CheckAdmission(WorldState head, Transaction tx)
    {
        if (tx.Payload is not BlobPayload blob) return;
        if (blob.BlobGas > Parameters.MaxBlobGasPerBlock) throw new TransactionRejectedException(TxRejectReason.BlobGasLimitExceeded, $"a blob of {blob.BlobGas} bytes exceeds the {Parameters.MaxBlobGasPerBlock} blob bytes a block may carry");
        var next = NextBaseFee(head);
        if (blob.MaxFeePerBlobGas < next) throw new TransactionRejectedException(TxRejectReason.BlobFeeTooLow, $"max fee per blob gas {blob.MaxFeePerBlobGas} is below the next block's blob base fee {next}");
    }

    /// <summary>
    /// The data root of the block's blobs, in transaction order as the square sorts them; none, none set. Every
    /// blob's sidecar must be held, except in a committed block (<see cref="BlockContext.CommittedDataRoot"/>), whose
    /// root is then taken from its header: a proposal whose bytes are missing is refused with
    /// <see cref="BlockError.BlobsUnavailable"/>.
    /// </summary>
    public override void ContributeHeader(WorldState state, in BlockContext block, IReadOnlyList<Transaction> transactions, HeaderFields fields)
    {
        var count = 0;
        var missing = 0;
        foreach (var tx in transactions)
        {
            if (tx.Payload.CarriedBlob is not { } blob) continue;
            count++;
            if (!blob.HasData) missing++;
        }
        if (count == 0) return;
        if (missing == 0) fields.SetDataRoot(ModuleName, DataRootOf(BlobsOf(transactions)));
        else if (!block.CommittedDataRoot.IsZero) fields.SetDataRoot(ModuleName, block.CommittedDataRoot);
        else throw new InvalidBlockException(BlockError.BlobsUnavailable, $"{missing} of the block's {count} blobs have no sidecar here");
    }

    /// <summary>The blobs a block carries, in transaction order; each sidecar must be held (else <see cref="InvalidSidecarException"/>).</summary>
    public static List<Blob> BlobsOf(IReadOnlyList<Transaction> transactions)
    {
        var blobs = new List<Blob>();
        foreach (var tx in transactions)
        {
            if (tx.Payload.CarriedBlob is { } blob) blobs.Add(blob.ToBlob());
        }
        return blobs;
    }

    /// <summary>The blob fee burned for <paramref name="tx"/> at this block's blob base fee (0 for other kinds).</summary>
    public override UInt128 DataFee(WorldState state, Transaction tx)
        => tx.Payload is BlobPayload blob ? BlobFeeMarket.BlobFee(blob.BlobGas, CurrentBaseFee(state)) : UInt128.Zero;

    /// <summary>Lays the blobs into the square, extends it, and returns the root over its row and column roots.</summary>
    public static Hash256 DataRootOf(IReadOnlyList<Blob> blobs)
    {
        var square = DataSquare.FromBlobs(blobs);
        return ExtendedSquare.Extend(square, GfIsaSupport.Best).ComputeHeader().DataRoot;
    }

    /// <summary>The fee market's view for RPC: this block's excess, usage and base fee.</summary>
    public JsonObject ViewFeeMarket(WorldState state) => ViewFeeMarket(ReadFeeState(state), Parameters);

    /// <summary>The same view from a fee record read elsewhere (a node that follows only headers, with the record proven against one).</summary>
    public static JsonObject ViewFeeMarket(BlobFeeState fee, BlobParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(fee);
        ArgumentNullException.ThrowIfNull(parameters);
        var next = BlobFeeMarket.BaseFeePerBlobGas(BlobFeeMarket.NextExcessBlobGas(fee.ExcessBlobGas, fee.BlobGasUsed, parameters), parameters);
        return new JsonObject
        {
            ["excessBlobGas"] = fee.ExcessBlobGas.ToString(CultureInfo.InvariantCulture),
            ["blobGasUsed"] = fee.BlobGasUsed.ToString(CultureInfo.InvariantCulture),
            ["nextBaseFeePerBlobGas"] = next.ToString(CultureInfo.InvariantCulture),
            ["targetBlobGasPerBlock"] = parameters.TargetBlobGasPerBlock.ToString(CultureInfo.InvariantCulture),
            ["maxBlobGasPerBlock"] = parameters.MaxBlobGasPerBlock.ToString(CultureInfo.InvariantCulture),
        };
    }

    // Zero is stored as no record, so blob-free chains keep their state roots.
    private static void Write(WorldState state, BlobFeeState before, BlobFeeState after)
    {
        if (after == before) return;
        state.SetRecord(FeeStateKey, after.IsZero ? null : after);
    }
}
