using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;

namespace Lamina.L1.Blocks;

/// <summary>
/// The validators of a height, sorted by address so the set (and its hash in every header) is canonical.
/// </summary>
public sealed class ValidatorSet : ICanonical<ValidatorSet>
{
    public const int MaxValidators = 1_000;
    private readonly Validator[] _validators;

    public ValidatorSet(IEnumerable<Validator> validators)
    {
        var list = validators.ToArray();
        if (list.Length == 0) throw new ArgumentException("a validator set needs at least one validator");
        if (list.Length > MaxValidators) throw new ArgumentException($"at most {MaxValidators} validators");
        Array.Sort(list, (a, b) => a.Address.CompareTo(b.Address));
        ulong total = 0;
        for (var i = 0; i < list.Length; i++)
        {
            if (list[i].Power == 0) throw new ArgumentException($"validator {list[i].Address} has zero power");
            if (i > 0 && list[i].Address == list[i - 1].Address) throw new ArgumentException($"validator {list[i].Address} appears twice");
            // An ArgumentException, not an OverflowException: decoders turn it into a typed CodecException.
            if (list[i].Power > ulong.MaxValue - total) throw new ArgumentException("the total voting power does not fit in 64 bits");
            total += list[i].Power;
        }
        _validators = list;
        TotalPower = total;
        Hash = DomainHasher.Hash(DomainTags.ValidatorSet, Canonical.Encode(this));
    }

    public IReadOnlyList<Validator> Validators => _validators;
    public ulong TotalPower { get; }
    public Hash256 Hash { get; }

    public Validator? Find(Address address)
    {
        foreach (var v in _validators)
        {
            if (v.Address == address) return v;
        }
        return null;
    }

    /// <summary>More than two thirds of the total power, the quorum for a commit.</summary>
    public bool IsQuorum(ulong power) => (UInt128)power * 3 > (UInt128)TotalPower * 2;

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteCount(_validators.Length);
        foreach (var v in _validators) v.Encode(writer);
    }

    public static ValidatorSet Decode(ref CanonicalReader reader)
    {
        var count = reader.ReadCount(MaxValidators, PublicKey.Size + 8, "validators");
        var list = new Validator[count];
        for (var i = 0; i < count; i++) list[i] = Validator.Decode(ref reader);
        var set = new ValidatorSet(list);
        for (var i = 0; i < count; i++)
        {
            if (!ReferenceEquals(set._validators[i], list[i])) throw new CodecException(CodecError.NonCanonical, "validators are not sorted by address");
        }
        return set;
    }
}
