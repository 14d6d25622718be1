using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Field;
using Lamina.Stark.Hashing;

namespace Lamina.L2.Zk.Transactions;

/// <summary>
/// A transaction authorised by an account key. The signed message is
/// RPO.HashElements(domain digest ‖ kind ‖ the kind's fields as field elements), see <see cref="MessageElements"/>.
/// </summary>
public abstract record SignedZkTransaction : ZkTransaction
{
    /// <summary>The account whose key must have signed.</summary>
    public abstract uint Signer { get; }

    public abstract uint Nonce { get; init; }

    public abstract ZkSignature Signature { get; init; }

    /// <summary>The kind's fields after the domain digest and the kind (at most 11 elements).</summary>
    protected abstract int WriteFieldElements(Span<Felt> destination);

    public Felt[] MessageElements(ZkRollupDomain domain)
    {
        Span<Felt> fields = stackalloc Felt[16];
        int count = WriteFieldElements(fields);
        var elements = new Felt[5 + count];
        domain.Digest.CopyTo(elements);
        elements[4] = (uint)Kind;
        fields[..count].CopyTo(elements.AsSpan(5));
        return elements;
    }

    public RpoDigest SigningMessage(ZkRollupDomain domain) => Rpo256.HashElements(MessageElements(domain));

    public bool VerifySignature(ZkPublicKey key, ZkRollupDomain domain) => SchnorrRpo.Verify(key, SigningMessage(domain), Signature);
}
