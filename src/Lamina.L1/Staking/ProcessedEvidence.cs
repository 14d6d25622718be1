using Lamina.Core.Codec;

namespace Lamina.L1.Staking;

/// <summary>The height at which a piece of evidence was punished.</summary>
public readonly record struct ProcessedEvidence(ulong Height) : ICanonical<ProcessedEvidence>
{
    public void Encode(CanonicalWriter writer) => writer.WriteU64(Height);
    public static ProcessedEvidence Decode(ref CanonicalReader reader) => new(reader.ReadU64("evidence height"));
}
