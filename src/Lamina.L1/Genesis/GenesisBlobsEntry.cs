using System.Text.Json.Serialization;

namespace Lamina.L1.Genesis;

/// <summary>
/// The "blobs" section of genesis.json. Its presence turns the data-availability blob module on for the chain
/// (<see cref="Blobs.BlobModule"/>); every field is optional and defaults to <c>BlobParameters.Default</c>
/// (EIP-4844's constants, and a retention window of 4,096 blocks).
/// </summary>
public sealed class GenesisBlobsEntry
{
    [JsonPropertyName("targetBlobGasPerBlock")] public ulong? TargetBlobGasPerBlock { get; set; }
    [JsonPropertyName("maxBlobGasPerBlock")] public ulong? MaxBlobGasPerBlock { get; set; }
    [JsonPropertyName("minBaseFeePerBlobGas")] public ulong? MinBaseFeePerBlobGas { get; set; }
    [JsonPropertyName("baseFeeUpdateFraction")] public ulong? BaseFeeUpdateFraction { get; set; }
    [JsonPropertyName("retentionBlocks")] public ulong? RetentionBlocks { get; set; }
}
