using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.Consensus;

/// <summary>A validator: its consensus key and voting power.</summary>
public sealed record Validator(PublicKey PublicKey, ulong Power)
{
    public Address Address { get; } = PublicKey.ToAddress();

    internal void Encode(CanonicalWriter w)
    {
        w.WritePublicKey(PublicKey);
        w.WriteU64(Power);
    }

    internal static Validator Decode(ref CanonicalReader r) => new(r.ReadPublicKey("validator key"), r.ReadU64("voting power"));
}
