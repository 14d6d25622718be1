using Lamina.Core.Codec;
using Lamina.DataAvailability.Nmt;

namespace Lamina.DataAvailability;

/// <summary>A share with the proof of its leaf in the tree of the orthogonal axis. Encoded as share (512) ‖ range proof.</summary>
public sealed class ProvenShare : ICanonical<ProvenShare>
{
    public ProvenShare(ReadOnlySpan<byte> share, NmtRangeProof proof)
    {
        if (share.Length != Shares.Share.Size) throw new ArgumentException($"a share is {Shares.Share.Size} bytes, got {share.Length}");
        Bytes = share.ToArray();
        Proof = proof;
    }

    public byte[] Bytes { get; }
    public NmtRangeProof Proof { get; }

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteRaw(Bytes);
        Proof.Encode(writer);
    }

    public static ProvenShare Decode(ref CanonicalReader reader)
    {
        var share = reader.ReadRaw(Shares.Share.Size, "share");
        return new ProvenShare(share, NmtRangeProof.Decode(ref reader));
    }
}
