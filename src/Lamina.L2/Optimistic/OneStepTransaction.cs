using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.L2.Optimistic;

/// <summary>
/// One L2 state transition as the dispute game names it: a signed transfer, a signed withdrawal, or a deposit credited
/// from L1. Encoding: version 1 ‖ kind ‖ body, where the body is the transfer's or withdrawal's own encoding, or
/// recipient ‖ amount (BE u64) for a deposit. Decoding is size-capped and refuses unknown kinds.
/// </summary>
public sealed record OneStepTransaction
{
    public const byte Version = 1;
    public const int DepositBodySize = Address.Size + 8;

    /// <summary>The largest encoding (a signed transfer or withdrawal): bounds what L1 will decode.</summary>
    public const int MaxEncodedSize = 2 + OptimisticWithdrawal.EncodedSize;

    private OneStepTransaction(OneStepTransactionKind kind, OptimisticTransfer? transfer, OptimisticWithdrawal? withdrawal, Address depositRecipient, ulong depositAmount)
    {
        Kind = kind;
        Transfer = transfer;
        Withdrawal = withdrawal;
        DepositRecipient = depositRecipient;
        DepositAmount = depositAmount;
    }

    public OneStepTransactionKind Kind { get; }
    public OptimisticTransfer? Transfer { get; }
    public OptimisticWithdrawal? Withdrawal { get; }
    public Address DepositRecipient { get; }
    public ulong DepositAmount { get; }

    public static OneStepTransaction ForTransfer(OptimisticTransfer transfer) => new(OneStepTransactionKind.Transfer, transfer, null, default, 0);

    public static OneStepTransaction ForWithdrawal(OptimisticWithdrawal withdrawal) => new(OneStepTransactionKind.Withdrawal, null, withdrawal, default, 0);

    /// <summary>A signed transaction as a batch (or L1's forced-inclusion queue) carries it.</summary>
    public static OneStepTransaction ForItem(OptimisticBatchItem item) => item.Kind == OptimisticTxKind.Transfer
        ? ForTransfer(item.ToTransfer())
        : ForWithdrawal(item.ToWithdrawal());

    public static OneStepTransaction ForDeposit(Address recipient, ulong amount) => new(OneStepTransactionKind.Deposit, null, null, recipient, amount);

    /// <summary>Runs the shared rules for this transaction over <paramref name="ledger"/>.</summary>
    public void ApplyTo(IOptimisticLedger ledger, in OptimisticRuleContext context) => ApplyTo(ledger, context, signatureChecked: false);

    /// <summary>With <paramref name="signatureChecked"/>, for a transaction made from a <see cref="SignatureCheckedItem"/> of this context.</summary>
    internal void ApplyTo(IOptimisticLedger ledger, in OptimisticRuleContext context, bool signatureChecked)
    {
        switch (Kind)
        {
            case OneStepTransactionKind.Transfer: OptimisticRules.Transfer(ledger, context, Transfer!, signatureChecked); break;
            case OneStepTransactionKind.Withdrawal: OptimisticRules.Withdrawal(ledger, context, Withdrawal!, signatureChecked); break;
            default: OptimisticRules.Deposit(ledger, DepositRecipient, DepositAmount); break;
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
                var recipient = reader.ReadAddress("deposit recipient");
                var amount = reader.ReadU64("deposit amount");
                reader.EnsureEnd("one-step deposit");
                return ForDeposit(recipient, amount);
            default:
                throw new CodecException(CodecError.UnknownKind, $"one-step transaction kind {kind} is unknown", at);
        }
    }
}
