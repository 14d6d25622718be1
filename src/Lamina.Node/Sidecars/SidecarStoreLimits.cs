namespace Lamina.Node.Sidecars;

/// <summary>
/// How much of committed blocks' blob sidecars a node keeps (config blobStoreRetentionBlocks, blobStoreMaxBytes): at
/// most <see cref="RetentionBlocks"/> blocks below the head (null: the chain's retention window) and at most
/// <see cref="MaxBytes"/> bytes of encoded sidecars, the oldest deleted first (the newest block's are always kept).
/// </summary>
public sealed record SidecarStoreLimits(ulong? RetentionBlocks, long MaxBytes)
{
    /// <summary>The chain's window, and 4 GiB: the default window at the blob limit is about 3.2 GB.</summary>
    public static SidecarStoreLimits Default { get; } = new(null, 4L * 1024 * 1024 * 1024);

    public static SidecarStoreLimits From(NodeConfig config) => new(config.BlobStoreRetentionBlocks, config.BlobStoreMaxBytes);
}
