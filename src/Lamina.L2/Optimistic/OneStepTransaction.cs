using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.L2.Optimistic;

/// <summary>
/// One L2 state transition as the dispute game names it: a signed transfer, a signed withdrawal, or a deposit credited
/// from L1. Encoding: version 1 ‖ kind ‖ body, where the body is the transfer's or withdrawal's own encoding, or
/// queue index ‖ recipient ‖ amount (BE u64 each) for a deposit: the index names L1's record of the deposit, which
/// the rules check where they run on L1. Decoding is size-capped and refuses unknown kinds.
/// </summary>
public sealed record OneStepTransaction
{
    public const byte Version = 1;
    public const int DepositBodySize = 8 + Address.Size + 8;

    /// <summary>The largest encoding (a signed transfer or withdrawal): bounds what L1 will decode.</summary>
    public const int MaxEncodedSize = 2 + OptimisticWithdrawal.EncodedSize;

    private OneStepTransaction(OneStepTransactionKind kind, OptimisticTransfer? transfer, OptimisticWithdrawal? withdrawal, ulong depositIndex, Address depositRecipient, ulong depositAmount)
    {
        DepositIndex = depositIndex;
        Kind = kind;
        Transfer = transfer;
        Withdrawal = withdrawal;
        DepositRecipient = depositRecipient;
        DepositAmount = depositAmount;
    }

    public OneStepTransactionKind Kind { get; }
    public OptimisticTransfer? Transfer { get; }
    public OptimisticWithdrawal? Withdrawal { get; }
    public ulong DepositIndex { get; }
    public Address DepositRecipient { get; }
    public ulong DepositAmount { get; }

    public static OneStepTransaction ForTransfer(OptimisticTransfer transfer) => new(OneStepTransactionKind.Transfer, transfer, null, 0, default, 0);

    public static OneStepTransaction ForWithdrawal(OptimisticWithdrawal withdrawal) => new(OneStepTransactionKind.Withdrawal, null, withdrawal, 0, default, 0);

    /// <summary>A signed transaction as a batch (or L1's forced-inclusion queue) carries it.</summary>
    public static OneStepTransaction ForItem(OptimisticBatchItem item) => item.Kind == OptimisticTxKind.Transfer
        ? ForTransfer(item.ToTransfer())
        : ForWithdrawal(item.ToWithdrawal());

    /// <summary>Deposit <paramref name="index"/> of L1's queue for this rollup.</summary>
    public static OneStepTransaction ForDeposit(ulong index, Address recipient, ulong amount) => new(OneStepTransactionKind.Deposit, null, null, index, recipient, amount);

    /// <summary>Runs the shared rules for this transaction over <paramref name="ledger"/>.</summary>
    public void ApplyTo(IOptimisticLedger ledger, in OptimisticRuleContext context) => ApplyTo(ledger, context, signatureChecked: false);

    /// <summary>With <paramref name="signatureChecked"/>, for a transaction made from a <see cref="SignatureCheckedItem"/> of this context.</summary>
    internal void ApplyTo(IOptimisticLedger ledger, in OptimisticRuleContext context, bool signatureChecked)
    {
        switch (Kind)
        {
            case OneStepTransactionKind.Transfer: OptimisticRules.Transfer(ledger, context, Transfer!, signatureChecked); break;
            case OneStepTransactionKind.Withdrawal: OptimisticRules.Withdrawal(ledger, context, Withdrawal!, signatureChecked); break;
            default: OptimisticRules.Deposit(ledger, context, DepositIndex, DepositRecipient, DepositAmount); break;
        }
    }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(MaxEncodedSize);
        writer.WriteU8(Version);
        writer.WriteU8((byte)Kind);
        switch (Kind)
        {
            case OneStepTransactionKind.Transfer: writer.WriteRaw(Transfer!.Encode()); break;
            case OneStepTransactionKind.Withdrawal: writer.WriteRaw(Withdrawal!.Encode()); break;
            default:
                writer.WriteU64(DepositIndex);
                writer.WriteAddress(DepositRecipient);
                writer.WriteU64(DepositAmount);
                break;
        }
        return writer.ToArray();
    }

    public static OneStepTransaction Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxEncodedSize)
            throw new CodecException(CodecError.Oversize, $"one-step transaction of {bytes.Length} bytes exceeds {MaxEncodedSize}", 0);
        var reader = new CanonicalReader(bytes);
        reader.ExpectVersion(Version, "one-step transaction");
        var at = reader.Position;
        var kind = reader.ReadU8("one-step transaction kind");
        var body = bytes[reader.Position..];
        switch ((OneStepTransactionKind)kind)
        {
            case OneStepTransactionKind.Transfer: return ForTransfer(OptimisticTransfer.Decode(body));
            case OneStepTransactionKind.Withdrawal: return ForWithdrawal(OptimisticWithdrawal.Decode(body));
            case OneStepTransactionKind.Deposit:
                var index = reader.ReadU64("deposit index");
                var recipient = reader.ReadAddress("deposit recipient");
                var amount = reader.ReadU64("deposit amount");
                reader.EnsureEnd("one-step deposit");
                return ForDeposit(index, recipient, amount);
            default:
                throw new CodecException(CodecError.UnknownKind, $"one-step transaction kind {kind} is unknown", at);
        }
    }
}
