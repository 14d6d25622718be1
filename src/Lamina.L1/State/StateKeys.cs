using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.L1.State;

/// <summary>
/// Where each kind of state lives in the one sparse Merkle tree. The key is a domain-separated hash of a kind byte
/// and the identifier, so keys are uniform (the tree stays shallow) and kinds can never collide.
/// </summary>
public static class StateKeys
{
    private const byte AccountKind = 1;

    public static Hash256 Account(Address address)
    {
        Span<byte> buffer = stackalloc byte[1 + Address.Size];
        buffer[0] = AccountKind;
        address.CopyTo(buffer[1..]);
        return DomainHasher.Hash(DomainTags.SmtKey, buffer);
    }
}
