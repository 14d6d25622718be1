namespace Lamina.L1.Blobs;

/// <summary>
/// The blob fee market's constants. One unit of blob gas is one byte of blob data, which is exactly EIP-4844's own
/// scale (GAS_PER_BLOB = 2^17 for a 4096 × 32 = 2^17-byte blob), so the defaults are the spec's numbers unchanged:
/// a target of 393,216 bytes (three blobs) and a maximum of 786,432 bytes (six) per block, a minimum base fee of 1
/// and BLOB_BASE_FEE_UPDATE_FRACTION = 3,338,477 (the base fee moves by at most ±12.5% a block).
/// </summary>
public sealed record BlobParameters(ulong TargetBlobGasPerBlock, ulong MaxBlobGasPerBlock, ulong MinBaseFeePerBlobGas, ulong BaseFeeUpdateFraction)
{
    public static readonly BlobParameters Default = new(
        TargetBlobGasPerBlock: 393_216,
        MaxBlobGasPerBlock: 786_432,
        MinBaseFeePerBlobGas: 1,
        BaseFeeUpdateFraction: 3_338_477);

    /// <summary>
    /// The largest blob one transaction may carry, and the decoder's cap: 127 KiB, so that a blob transaction with
    /// its envelope (chain id, keys, fees, signature) stays under <see cref="Transactions.Transaction.MaxEncodedSize"/>
    /// (128 KiB). EIP-4844's blob is 128 KiB; ours is 1 KiB short of it.
    /// </summary>
    public const int MaxBlobBytes = 127 * 1024;

    /// <summary>How many blocks DA nodes keep a block's shares before pruning them (the default, 4,096).</summary>
    public const ulong DefaultRetentionBlocks = 4_096;

    /// <summary>
    /// The retention window: the shares of block h are served until the head passes h + RetentionBlocks, then pruned.
    /// Not consensus-critical (no state root depends on it) but a chain parameter, so every DA node prunes alike.
    /// </summary>
    public ulong RetentionBlocks { get; init; } = DefaultRetentionBlocks;

    public void Validate()
    {
        if (MaxBlobGasPerBlock == 0) throw new ArgumentException("max blob gas per block must be positive");
        if (TargetBlobGasPerBlock == 0 || TargetBlobGasPerBlock > MaxBlobGasPerBlock) throw new ArgumentException("the blob gas target must be 1 to the maximum");
        if (MinBaseFeePerBlobGas == 0) throw new ArgumentException("the minimum blob base fee must be at least 1, or the fee could never rise");
        if (BaseFeeUpdateFraction == 0) throw new ArgumentException("the base fee update fraction must be positive");
        if (RetentionBlocks == 0) throw new ArgumentException("the retention window must be at least one block");
    }
}
