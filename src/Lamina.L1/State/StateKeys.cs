using Lamina.Core.Crypto;
using Lamina.Core;

namespace Lamina.L1.State;

/// <summary>
/// Where each kind of state lives in the one sparse Merkle tree. The key is a domain-separated hash of a kind byte
/// and the identifier, so keys are uniform (the tree stays shallow) and kinds can never collide.
/// </summary>
public static class StateKeys
{
    private const byte AccountKind = 1;
    private const byte ValidatorKind = 2;
    private const byte UnbondingKind = 3;
    private const byte SingletonKind = 4;
    private const byte EvidenceKind = 5;

    public static Hash256 Account(Address address) => Keyed(AccountKind, address);

    /// <summary>A validator's stake record, under its operator address.</summary>
    public static Hash256 Validator(Address address) => Keyed(ValidatorKind, address);

    public static Hash256 Unbonding(Address address) => Keyed(UnbondingKind, address);

    /// <summary>The index of every operator that ever bonded.</summary>
    public static readonly Hash256 ValidatorRegistry = Named("validator-registry");

    /// <summary>The validator set that signs the next block.</summary>
    public static readonly Hash256 ActiveValidatorSet = Named("active-validator-set");

    /// <summary>Marks a piece of double-sign evidence as already punished, so it cannot slash twice.</summary>
    public static Hash256 ProcessedEvidence(Hash256 evidenceHash)
    {
        Span<byte> buffer = stackalloc byte[1 + Hash256.Size];
        buffer[0] = EvidenceKind;
        evidenceHash.CopyTo(buffer[1..]);
        return DomainHasher.Hash(DomainTags.SmtKey, buffer);
    }

    private static Hash256 Keyed(byte kind, Address address)
    {
        Span<byte> buffer = stackalloc byte[1 + Address.Size];
        buffer[0] = kind;
        address.CopyTo(buffer[1..]);
        return DomainHasher.Hash(DomainTags.SmtKey, buffer);
    }

    private static Hash256 Named(string name)
    {
        var bytes = new byte[1 + name.Length];
        bytes[0] = SingletonKind;
        System.Text.Encoding.ASCII.GetBytes(name, bytes.AsSpan(1));
        return DomainHasher.Hash(DomainTags.SmtKey, bytes);
    }
}
