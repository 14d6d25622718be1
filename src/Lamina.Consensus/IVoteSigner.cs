using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.Consensus;

/// <summary>
/// Signs this node's proposals and votes. The real implementation is <see cref="DoubleSignGuard"/>, which refuses
/// (with <see cref="DoubleSignException"/>) to sign anything that could conflict with what it signed before.
/// </summary>
public interface IVoteSigner
{
    Address Address { get; }

    /// <summary>Signs <paramref name="signBytes"/> for the given (height, round, step) or throws <see cref="DoubleSignException"/>.</summary>
    Signature Sign(ulong height, uint round, ConsensusStep step, ReadOnlySpan<byte> signBytes);
}
