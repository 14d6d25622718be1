using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.L1.Staking;

/// <summary>A validator's bonded stake and standing, stored in the state tree under its operator address.</summary>
public readonly record struct ValidatorRecord(PublicKey ConsensusKey, UInt128 Stake, bool Jailed, ulong JailedUntil, uint TimesSlashed)
    : ICanonical<ValidatorRecord>
{
    public void Encode(CanonicalWriter w)
    {
        w.WritePublicKey(ConsensusKey);
        w.WriteU128(Stake);
        w.WriteBool(Jailed);
        w.WriteU64(JailedUntil);
        w.WriteU32(TimesSlashed);
    }

    public static ValidatorRecord Decode(ref CanonicalReader r)
        => new(r.ReadPublicKey("consensus key"), r.ReadU128("stake"), r.ReadBool("jailed"), r.ReadU64("jailed until"), r.ReadU32("times slashed"));
}
