using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Modules;
using Lamina.L1.Transactions;

namespace Lamina.L1.Rollups;

/// <summary>The rollups module's kinds: decoders, value at risk (deposit amount, output bond) and JSON fields.</summary>
internal static class RollupFormats
{
    public static readonly IReadOnlyList<TxKindFormat> All = [new Register(), new Deposit(), new ForceInclude(), new Batch(), new Output(), new Withdraw()];

    private static string Text(ulong value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Text(UInt128 value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class Register : TxKindFormat<RollupRegisterPayload>
    {
        public override TxKind Kind => TxKind.RollupRegister;
        public override string Name => "rollupregister";
        public override TxPayload DecodeBody(ref CanonicalReader reader) => RollupRegisterPayload.DecodeBody(ref reader);
        protected override UInt128 ValueAtRisk(RollupRegisterPayload payload) => RollupLimits.RegistrationFee;

        protected override void WriteJson(RollupRegisterPayload payload, JsonObject json)
        {
            RollupJson.WriteConfig(payload.Config, json);
            json["registrationFee"] = Text(RollupLimits.RegistrationFee);
        }
    }

    private sealed class Deposit : TxKindFormat<RollupDepositPayload>
    {
        public override TxKind Kind => TxKind.RollupDeposit;
        public override string Name => "rollupdeposit";
        public override TxPayload DecodeBody(ref CanonicalReader reader) => RollupDepositPayload.DecodeBody(ref reader);
        protected override UInt128 ValueAtRisk(RollupDepositPayload payload) => payload.Amount;

        protected override void WriteJson(RollupDepositPayload payload, JsonObject json)
        {
            json["rollupId"] = Text(payload.RollupId);
            json["l2Recipient"] = payload.L2Recipient.ToString();
            json["amount"] = Text(payload.Amount);
        }
    }

    private sealed class ForceInclude : TxKindFormat<RollupForceIncludePayload>
    {
        public override TxKind Kind => TxKind.RollupForceInclude;
        public override string Name => "rollupforceinclude";
        public override TxPayload DecodeBody(ref CanonicalReader reader) => RollupForceIncludePayload.DecodeBody(ref reader);

        protected override void WriteJson(RollupForceIncludePayload payload, JsonObject json)
        {
            json["rollupId"] = Text(payload.RollupId);
            json["l2Kind"] = RollupJson.L2KindName(payload.L2Kind);
            json["l2Transaction"] = Hex.Encode(payload.L2Transaction);
        }
    }

    private sealed class Batch : TxKindFormat<RollupBatchPayload>
    {
        public override TxKind Kind => TxKind.RollupBatch;
        public override string Name => "rollupbatch";
        public override TxPayload DecodeBody(ref CanonicalReader reader) => RollupBatchPayload.DecodeBody(ref reader);

        protected override void WriteJson(RollupBatchPayload payload, JsonObject json)
        {
            json["rollupId"] = Text(payload.RollupId);
            json["batchNumber"] = Text(payload.Number);
            json["blobs"] = RollupJson.Locations(payload.Blobs);
        }
    }

    private sealed class Output : TxKindFormat<RollupOutputPayload>
    {
        public override TxKind Kind => TxKind.RollupOutput;
        public override string Name => "rollupoutput";
        public override TxPayload DecodeBody(ref CanonicalReader reader) => RollupOutputPayload.DecodeBody(ref reader);
        protected override UInt128 ValueAtRisk(RollupOutputPayload payload) => payload.Bond;

        protected override void WriteJson(RollupOutputPayload payload, JsonObject json)
        {
            json["rollupId"] = Text(payload.RollupId);
            json["l2BlockNumber"] = Text(payload.L2BlockNumber);
            json["outputRoot"] = payload.OutputRoot.ToString();
            json["bond"] = Text(payload.Bond);
        }
    }

    private sealed class Withdraw : TxKindFormat<RollupWithdrawPayload>
    {
        public override TxKind Kind => TxKind.RollupWithdraw;
        public override string Name => "rollupwithdraw";
        public override TxPayload DecodeBody(ref CanonicalReader reader) => RollupWithdrawPayload.DecodeBody(ref reader);

        protected override void WriteJson(RollupWithdrawPayload payload, JsonObject json)
        {
            json["rollupId"] = Text(payload.RollupId);
            json["outputIndex"] = Text(payload.OutputIndex);
            json["withdrawalId"] = payload.Receipt.Id.ToString();
            json["l2Sender"] = payload.Receipt.L2Sender.ToString();
            json["l1Recipient"] = payload.Receipt.L1Recipient.ToString();
            json["amount"] = Text(payload.Receipt.Amount);
            json["l2Nonce"] = Text(payload.Receipt.Nonce);
        }
    }
}
