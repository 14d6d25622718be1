using Lamina.Core.Codec;
using Lamina.DataAvailability;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// The bad-encoding gossip message (<see cref="BadEncodingGossip.Channel"/>): a <see cref="BadEncodingProof"/> with the
/// block's row and column roots, which a receiver needs to check it (they must hash to the data root of the header the
/// proof names). Encoded as <c>version (1) ‖ DataAvailabilityHeader ‖ BadEncodingProof</c>; a proof whose k is not
/// the roots' is refused as <see cref="CodecError.InvalidValue"/>.
/// </summary>
public sealed record BadEncodingFraud(DataAvailabilityHeader Roots, BadEncodingProof Proof) : ICanonical<BadEncodingFraud>
{
    public const byte Version = 1;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        Roots.Encode(writer);
        Proof.Encode(writer);
    }

    public static BadEncodingFraud Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "bad-encoding fraud message");
        var roots = DataAvailabilityHeader.Decode(ref reader);
        var at = reader.Position;
        var proof = BadEncodingProof.Decode(ref reader);
        if (proof.OriginalWidth != roots.OriginalWidth) throw new CodecException(CodecError.InvalidValue, $"the proof is about a square of k = {proof.OriginalWidth}, the roots are of k = {roots.OriginalWidth}", at);
        return new BadEncodingFraud(roots, proof);
    }

    public bool Equals(BadEncodingFraud? other) => other is not null && Canonical.Encode(this).AsSpan().SequenceEqual(Canonical.Encode(other));

    public override int GetHashCode() => HashCode.Combine(Proof.Height, Proof.HeaderHash);
}
