using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Core.Codec;
using Lamina.L1.Modules;
using Lamina.L1.Transactions;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>The dispute game's transaction kinds (22 create, 23 move, 24 resolve): decoders, value at risk (the bond) and JSON fields.</summary>
internal static class DisputeFormats
{
    public static readonly IReadOnlyList<TxKindFormat> All = [new Create(), new Move(), new Resolve()];

    private static string Text(ulong value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Text(UInt128 value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class Create : TxKindFormat<DisputeCreatePayload>
    {
        public override TxKind Kind => TxKind.DisputeCreate;
        public override string Name => "disputecreate";
        public override TxPayload DecodeBody(ref CanonicalReader reader) => DisputeCreatePayload.DecodeBody(ref reader);
        protected override UInt128 ValueAtRisk(DisputeCreatePayload payload) => payload.Bond;

        protected override void WriteJson(DisputeCreatePayload payload, JsonObject json)
        {
            json["rollupId"] = Text(payload.RollupId);
            json["outputIndex"] = Text(payload.OutputIndex);
            json["anchorOutputRoot"] = payload.Anchor.Root.ToString();
            json["commitment"] = payload.Commitment.ToString();
            json["bond"] = Text(payload.Bond);
        }
    }

    private sealed class Move : TxKindFormat<DisputeMovePayload>
    {
        public override TxKind Kind => TxKind.DisputeMove;
        public override string Name => "disputemove";
        public override TxPayload DecodeBody(ref CanonicalReader reader) => DisputeMovePayload.DecodeBody(ref reader);
        protected override UInt128 ValueAtRisk(DisputeMovePayload payload) => payload.Bond;

        protected override void WriteJson(DisputeMovePayload payload, JsonObject json)
        {
            json["rollupId"] = Text(payload.RollupId);
            json["outputIndex"] = Text(payload.OutputIndex);
            json["bond"] = Text(payload.Bond);
            json["move"] = payload.Move.Kind.ToString();
            json["parentClaim"] = Text(payload.Move.ParentIndex);
            if (payload.Move.Kind is Dispute.DisputeMoveKind.Attack or Dispute.DisputeMoveKind.Defend) json["commitment"] = payload.Move.Commitment.ToString();
        }
    }

    private sealed class Resolve : TxKindFormat<DisputeResolvePayload>
    {
        public override TxKind Kind => TxKind.DisputeResolve;
        public override string Name => "disputeresolve";
        public override TxPayload DecodeBody(ref CanonicalReader reader) => DisputeResolvePayload.DecodeBody(ref reader);

        protected override void WriteJson(DisputeResolvePayload payload, JsonObject json)
        {
            json["rollupId"] = Text(payload.RollupId);
            json["outputIndex"] = Text(payload.OutputIndex);
        }
    }
}
