using System.Text.Json.Nodes;

namespace Lamina.Client.Views;

/// <summary>da_blobFee: the blob fee market after the head block (EIP-4844), amounts as decimal strings on the wire.</summary>
public sealed record BlobFeeView(ulong Height, UInt128 NextBaseFeePerBlobGas, UInt128 ExcessBlobGas, UInt128 BlobGasUsed, UInt128 TargetBlobGasPerBlock, UInt128 MaxBlobGasPerBlock)
{
    /// <summary>The node's answer as it came, for display and for fields newer than this client.</summary>
    public JsonObject Json { get; init; } = [];

    public static BlobFeeView Read(ViewReader r) => new(r.ULong("height"), r.Amount("nextBaseFeePerBlobGas"), r.Amount("excessBlobGas"), r.Amount("blobGasUsed"),
        r.Amount("targetBlobGasPerBlock"), r.Amount("maxBlobGasPerBlock")) { Json = r.Json };
}
