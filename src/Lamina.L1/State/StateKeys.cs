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
    private const byte ModuleKind = 6;
    private const int MaxModuleNameLength = 32;

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

    /// <summary>
    /// A record of a module outside the built-in ones: namespaced by the module's name (length-prefixed, so no two
    /// (name, id) pairs encode alike), so modules can never write over each other or over L1's own records.
    /// </summary>
    public static Hash256 Module(string moduleName, ReadOnlySpan<byte> id)
    {
        ArgumentNullException.ThrowIfNull(moduleName);
        if (moduleName.Length is 0 or > MaxModuleNameLength) throw new ArgumentException($"a module name is 1 to {MaxModuleNameLength} ASCII characters", nameof(moduleName));
        var bytes = new byte[2 + moduleName.Length + id.Length];
        bytes[0] = ModuleKind;
        bytes[1] = (byte)moduleName.Length;
        System.Text.Encoding.ASCII.GetBytes(moduleName, bytes.AsSpan(2));
        id.CopyTo(bytes.AsSpan(2 + moduleName.Length));
        return DomainHasher.Hash(DomainTags.SmtKey, bytes);
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
