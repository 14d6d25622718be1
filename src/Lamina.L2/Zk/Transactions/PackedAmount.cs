namespace Lamina.L2.Zk.Transactions;

/// <summary>
/// A transfer amount in 5 bytes, the way zkSync packs them: a 35-bit mantissa times 10^exponent (5-bit
/// exponent). Only amounts of that form can be transferred compactly; the encoding is canonical because the
/// exponent must be the smallest possible (a mantissa that could take one more decimal digit is refused).
/// </summary>
public readonly struct PackedAmount : IEquatable<PackedAmount>
{
    public const int ByteLength = 5;
    public const int MantissaBits = 35;
    public const ulong MaxMantissa = (1UL << MantissaBits) - 1;
    public const int MaxExponent = 31;

    public ulong Mantissa { get; }
    public int Exponent { get; }

    /// <summary>The amount in base units (below 2^62).</summary>
    public ulong Value { get; }

    public PackedAmount(ulong mantissa, int exponent)
    {
        if (mantissa > MaxMantissa || (uint)exponent > MaxExponent)
        {
            throw new ArgumentException("mantissa is 35 bits and exponent 0..31");
        }
        if (exponent > 0 && mantissa * 10 <= MaxMantissa)
        {
            throw new ArgumentException("not canonical: the exponent must be the smallest that fits the mantissa");
        }
        ulong value = mantissa;
        for (int i = 0; i < exponent; i++)
        {
            if (value > State.AccountLeaf.MaxBalance / 10)
            {
                throw new ArgumentException("amount exceeds the rollup's balance limit");
            }
            value *= 10;
        }
        if (value > State.AccountLeaf.MaxBalance)
        {
            throw new ArgumentException("amount exceeds the rollup's balance limit");
        }
        Mantissa = mantissa;
        Exponent = exponent;
        Value = value;
    }

    /// <summary>The packed form of <paramref name="amount"/>, or false if it has more than 35 significant bits of decimal mantissa.</summary>
    public static bool TryPack(ulong amount, out PackedAmount packed)
    {
        packed = default;
        if (amount > State.AccountLeaf.MaxBalance)
        {
            return false;
        }
        ulong mantissa = amount;
        int exponent = 0;
        while (mantissa > MaxMantissa)
        {
            if (mantissa % 10 != 0)
            {
                return false;
            }
            mantissa /= 10;
            exponent++;
        }
        packed = new PackedAmount(mantissa, exponent);
        return true;
    }

    public static PackedAmount Pack(ulong amount) =>
        TryPack(amount, out PackedAmount p) ? p : throw new ArgumentException($"{amount} is not representable as a packed amount", nameof(amount));

    /// <summary>The 40-bit integer mantissa·32 + exponent (stored little-endian in pubdata, big-endian in signed transactions).</summary>
    public ulong Bits => (Mantissa << 5) | (uint)Exponent;

    public static PackedAmount FromBits(ulong bits)
    {
        if (bits >> (MantissaBits + 5) != 0)
        {
            throw new ArgumentException("a packed amount is 40 bits");
        }
        return new PackedAmount(bits >> 5, (int)(bits & 31));
    }

    public bool Equals(PackedAmount other) => Bits == other.Bits;
    public override bool Equals(object? obj) => obj is PackedAmount p && Equals(p);
    public override int GetHashCode() => Bits.GetHashCode();
    public static bool operator ==(PackedAmount a, PackedAmount b) => a.Equals(b);
    public static bool operator !=(PackedAmount a, PackedAmount b) => !a.Equals(b);
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
