using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Core.Codec;
using Lamina.L1.Modules;
using Lamina.L1.Transactions;

namespace Lamina.L1.Blobs;

/// <summary>The blob kind's stateless side: decoding, fee-field checks, the blob fee in the maximum cost, and JSON.</summary>
internal sealed class BlobTxFormat : TxKindFormat<BlobPayload>
{
    public override TxKind Kind => TxKind.Blob;
    public override string Name => "blob";
    public override bool CarriesData => true;
    public override TxPayload DecodeBody(ref CanonicalReader reader) => BlobPayload.DecodeBody(ref reader);

    /// <summary>The most the blob can cost: max fee per blob gas × blob gas (at most 2^64 × 2^20, no overflow).</summary>
    protected override UInt128 ValueAtRisk(BlobPayload payload) => BlobFeeMarket.BlobFee(payload.BlobGas, payload.MaxFeePerBlobGas);

    protected override void CheckStateless(BlobPayload payload)
    {
        // A fee cap below every possible base fee can never be included; refuse it before it takes mempool space.
        if (payload.MaxFeePerBlobGas < BlobParameters.Default.MinBaseFeePerBlobGas) throw new TransactionRejectedException(TxRejectReason.InvalidFeeFields, $"max fee per blob gas {payload.MaxFeePerBlobGas} is below the minimum blob base fee");
    }

    protected override void WriteJson(BlobPayload payload, JsonObject json)
    {
        json["namespace"] = payload.Namespace.ToString();
        json["blobSize"] = payload.DataLength;
        json["commitment"] = payload.Commitment.ToString();
        json["blobGas"] = payload.BlobGas.ToString(CultureInfo.InvariantCulture);
        json["maxFeePerBlobGas"] = payload.MaxFeePerBlobGas.ToString(CultureInfo.InvariantCulture);
    }
}
