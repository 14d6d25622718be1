using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Core.Codec;
using Lamina.L1.Genesis;
using Lamina.L1.Modules;
using Lamina.L1.State;
using Lamina.L1.Transactions;

namespace Lamina.L1.Bank;

/// <summary>Balances: genesis allocations and transfers. Fees are the executor's, not this module's.</summary>
public sealed class BankModule : L1Module
{
    public static readonly IReadOnlyList<TxKindFormat> Formats = [new TransferFormat()];

    public override string Name => "bank";
    public override IReadOnlyList<TxKindFormat> TxKinds => Formats;

    public override void InitGenesis(WorldState state, GenesisConfig genesis)
    {
        foreach (var (address, amount) in genesis.Balances) state.SetAccount(address, new Account(amount, 0));
    }

    public override void Apply(WorldState state, Transaction tx, in BlockContext block)
    {
        if (tx.Payload is not TransferPayload transfer) throw new TransactionRejectedException(TxRejectReason.Malformed, $"the bank module executes transfers, not kind {(byte)tx.Payload.Kind}");
        // The sender's balance covers gas limit × max fee + amount (checked before apply), so this cannot underflow.
        var sender = state.GetAccount(tx.From);
        state.SetAccount(tx.From, sender with { Balance = checked(sender.Balance - transfer.Amount) });
        var recipient = state.GetAccount(transfer.To);
        state.SetAccount(transfer.To, recipient with { Balance = checked(recipient.Balance + transfer.Amount) });
    }

    private sealed class TransferFormat : TxKindFormat<TransferPayload>
    {
        public override TxKind Kind => TxKind.Transfer;
        public override string Name => "transfer";
        public override TxPayload DecodeBody(ref CanonicalReader reader) => TransferPayload.DecodeBody(ref reader);
        protected override UInt128 ValueAtRisk(TransferPayload payload) => payload.Amount;

        protected override void WriteJson(TransferPayload payload, JsonObject json)
        {
            json["to"] = payload.To.ToString();
            json["amount"] = payload.Amount.ToString(CultureInfo.InvariantCulture);
        }
    }
}
