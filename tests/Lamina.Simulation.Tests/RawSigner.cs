using Lamina.Consensus;
using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.Simulation.Tests;

/// <summary>A key with no double-sign guard: what a Byzantine validator uses.</summary>
internal sealed class RawSigner(SigningKey key) : IVoteSigner
{
    public Address Address => key.Address;
    public Signature Sign(ulong height, uint round, ConsensusStep step, ReadOnlySpan<byte> signBytes) => key.Sign(signBytes);
}
