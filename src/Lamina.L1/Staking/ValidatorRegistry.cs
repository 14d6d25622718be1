using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.L1.Staking;

/// <summary>
/// The sorted list of every address that has ever bonded stake. The state tree cannot be enumerated cheaply,
/// so this index is what an epoch boundary walks to build the next validator set.
/// </summary>
public sealed record ValidatorRegistry(IReadOnlyList<Address> Operators) : ICanonical<ValidatorRegistry>
{
    public const int MaxOperators = 10_000;
    public static readonly ValidatorRegistry Empty = new([]);

    public ValidatorRegistry With(Address address)
    {
        var list = Operators.ToList();
        var index = list.BinarySearch(address);
        if (index >= 0) return this;
        if (list.Count >= MaxOperators) throw new InvalidOperationException($"the registry holds at most {MaxOperators} operators");
        list.Insert(~index, address);
        return new ValidatorRegistry(list);
    }

    public void Encode(CanonicalWriter w)
    {
        w.WriteCount(Operators.Count);
        foreach (var a in Operators) w.WriteAddress(a);
    }

    public static ValidatorRegistry Decode(ref CanonicalReader r)
    {
        var count = r.ReadCount(MaxOperators, Address.Size, "operators");
        var list = new Address[count];
        for (var i = 0; i < count; i++)
        {
            list[i] = r.ReadAddress("operator");
            if (i > 0 && list[i].CompareTo(list[i - 1]) <= 0) throw new CodecException(CodecError.NonCanonical, "operators are not strictly sorted", r.Position);
        }
        return new ValidatorRegistry(list);
    }
}
