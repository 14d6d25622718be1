using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.Consensus;

/// <summary>
/// The validator's key behind a guard: it signs only at a (height, round, step) past the last one it signed, or a
/// message identical to one it already signed at this height, and it persists the new position before handing out the signature. A
/// crash can therefore lose a signature but never produce two conflicting ones, even if the consensus state was lost.
/// </summary>
public sealed class DoubleSignGuard : IVoteSigner
{
    private readonly SigningKey _key;
    private readonly ISignerStateStore _store;
    private readonly Lock _lock = new();
    private SignerState? _last;

    public DoubleSignGuard(SigningKey key, ISignerStateStore store)
    {
        _key = key;
        _store = store;
        _last = store.Load();
    }

    public Address Address => _key.Address;
    public SignerState? LastSigned => _last;

    public Signature Sign(ulong height, uint round, ConsensusStep step, ReadOnlySpan<byte> signBytes)
    {
        var hash = DomainHasher.Hash(DomainTags.Vote, signBytes);
        lock (_lock)
        {
            if (_last is { } last)
            {
                // The identical message again (WAL replay after a crash): the same signature, no new commitment.
                if (last.Height == height && last.SignedAtHeight.Contains(hash)) return _key.Sign(signBytes);
                if (last.CompareTo(height, round, step) >= 0)
                {
                    throw new DoubleSignException($"refusing to sign {step} at {height}/{round}: already signed {last.Step} at {last.Height}/{last.Round}");
                }
            }
            IReadOnlyList<Hash256> signed = _last is { } prev && prev.Height == height ? [.. prev.SignedAtHeight, hash] : [hash];
            var next = new SignerState(height, round, step, signed);
            _store.Save(next); // durable before the signature exists
            _last = next;
            return _key.Sign(signBytes);
        }
    }
}
