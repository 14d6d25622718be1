using Lamina.Consensus;
using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.Simulation.Tests;

/// <summary>
/// Ed25519 verification memoised per run: each vote reaches every node, and a 100-validator network would otherwise
/// verify each signature a hundred times. The answer is the real libsodium answer, computed once.
/// </summary>
internal sealed class MemoVerifier : ISignatureVerifier
{
    private readonly Dictionary<(PublicKey, Hash256, Signature), bool> _cache = []; // lookup only

    public bool Verify(PublicKey key, ReadOnlySpan<byte> message, Signature signature)
    {
        if (message.Length != Hash256.Size) return Ed25519.Verify(key, message, signature);
        var k = (key, new Hash256(message), signature);
        if (!_cache.TryGetValue(k, out var ok))
        {
            ok = Ed25519.Verify(key, message, signature);
            _cache[k] = ok;
        }
        return ok;
    }
}
