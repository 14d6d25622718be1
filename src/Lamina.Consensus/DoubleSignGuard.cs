using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.Consensus;

/// <summary>
/// The validator's key behind a guard: it signs only at a (height, round, step) past the last one it signed, or the
/// identical message at the same position, and it persists the new position before handing out the signature. A
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
                var order = last.CompareTo(height, round, step);
                if (order > 0)
                {
                    throw new DoubleSignException($"refusing to sign {step} at {height}/{round}: already signed {last.Step} at {last.Height}/{last.Round}");
                }
                if (order == 0)
                {
                    if (last.SignBytesHash != hash) throw new DoubleSignException($"refusing to sign a different {step} at {height}/{round}");
                    return _key.Sign(signBytes);
                }
            }
            var next = new SignerState(height, round, step, hash);
            _store.Save(next); // durable before the signature exists
            _last = next;
            return _key.Sign(signBytes);
        }
    }
}
