using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Core.Codec;
using Lamina.L1.Blobs;
using Lamina.L1.Modules;
using Lamina.L1.Transactions;

namespace Lamina.L1.ZkRollups;

/// <summary>The ZK rollups module's kinds: decoders, value at risk (deposit amount, the blob fee cap) and JSON fields.</summary>
internal static class ZkFormats
{
    public static readonly IReadOnlyList<TxKindFormat> All = [new Register(), new Deposit(), new ForcedExit(), new Batch(), new Exodus(), new Refund()];

    private static string Text(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class Register : TxKindFormat<ZkRegisterPayload>
    {
        public override TxKind Kind => TxKind.ZkRegister;
        public override string Name => "zkregister";
        public override TxPayload DecodeBody(ref CanonicalReader reader) => ZkRegisterPayload.DecodeBody(ref reader);
        protected override void WriteJson(ZkRegisterPayload payload, JsonObject json) => ZkRollupJson.WriteConfig(payload.Config, json);
    }

    private sealed class Deposit : TxKindFormat<ZkDepositPayload>
    {
        public override TxKind Kind => TxKind.ZkDeposit;
        public override string Name => "zkdeposit";
        public override TxPayload DecodeBody(ref CanonicalReader reader) => ZkDepositPayload.DecodeBody(ref reader);
        protected override UInt128 ValueAtRisk(ZkDepositPayload payload) => payload.Amount;

        protected override void WriteJson(ZkDepositPayload payload, JsonObject json)
        {
            json["rollupId"] = payload.RollupId;
            json["to"] = payload.To;
            json["key"] = payload.Key.ToString();
            json["amount"] = Text(payload.Amount);
        }
    }

    private sealed class ForcedExit : TxKindFormat<ZkForcedExitPayload>
    {
        public override TxKind Kind => TxKind.ZkForcedExit;
        public override string Name => "zkforcedexit";
        public override TxPayload DecodeBody(ref CanonicalReader reader) => ZkForcedExitPayload.DecodeBody(ref reader);

        protected override void WriteJson(ZkForcedExitPayload payload, JsonObject json)
        {
            json["rollupId"] = payload.RollupId;
            json["account"] = payload.Account;
            json["recipient"] = payload.Recipient.ToString();
            json["nonce"] = payload.Nonce;
        }
    }

    private sealed class Batch : TxKindFormat<ZkBatchPayload>
    {
        public override TxKind Kind => TxKind.ZkBatch;
        public override string Name => "zkbatch";
        public override bool CarriesData => true;
        public override TxPayload DecodeBody(ref CanonicalReader reader) => ZkBatchPayload.DecodeBody(ref reader);

        /// <summary>The most the pubdata blob can cost: its fee cap × blob gas, as for a blob transaction.</summary>
        protected override UInt128 ValueAtRisk(ZkBatchPayload payload) => BlobFeeMarket.BlobFee(payload.Blob.BlobGas, payload.Blob.MaxFeePerBlobGas);

        protected override void CheckStateless(ZkBatchPayload payload)
        {
            if (payload.Blob.MaxFeePerBlobGas < BlobParameters.Default.MinBaseFeePerBlobGas)
                throw new TransactionRejectedException(TxRejectReason.InvalidFeeFields, $"max fee per blob gas {payload.Blob.MaxFeePerBlobGas} is below the minimum blob base fee");
        }

        protected override void WriteJson(ZkBatchPayload payload, JsonObject json) => ZkRollupJson.WriteBatchPayload(payload, json);
    }

    private sealed class Exodus : TxKindFormat<ZkExodusPayload>
    {
        public override TxKind Kind => TxKind.ZkExodus;
        public override string Name => "zkexodus";
        public override TxPayload DecodeBody(ref CanonicalReader reader) => ZkExodusPayload.DecodeBody(ref reader);

        protected override void WriteJson(ZkExodusPayload payload, JsonObject json)
        {
            json["rollupId"] = payload.RollupId;
            json["account"] = payload.Account;
            json["balance"] = Text(payload.Leaf.Balance);
            json["recipient"] = payload.Recipient.ToString();
        }
    }

    private sealed class Refund : TxKindFormat<ZkRefundPayload>
    {
        public override TxKind Kind => TxKind.ZkRefund;
        public override string Name => "zkrefund";
        public override TxPayload DecodeBody(ref CanonicalReader reader) => ZkRefundPayload.DecodeBody(ref reader);

        protected override void WriteJson(ZkRefundPayload payload, JsonObject json)
        {
            json["rollupId"] = payload.RollupId;
            json["serial"] = Text(payload.Serial);
        }
    }
}
