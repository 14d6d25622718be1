using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.Node.Sidecars;

/// <summary>
/// Peer channel <see cref="SidecarGossip.RequestChannel"/>, request: "send me the blob sidecars of block
/// <see cref="BlockHash"/> at <see cref="Height"/>". Encoded as version (1) ‖ height (u64) ‖ block hash (32); the
/// answer is a <see cref="L1.Blobs.BlobSidecars"/>, with no blobs when the peer does not hold them.
/// </summary>
public sealed record SidecarRequest(ulong Height, Hash256 BlockHash) : ICanonical<SidecarRequest>
{
    public const byte Version = 1;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(Height);
        writer.WriteHash(BlockHash);
    }

    public static SidecarRequest Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "sidecar request");
        return new SidecarRequest(reader.ReadU64("height"), reader.ReadHash("block hash"));
    }
}
