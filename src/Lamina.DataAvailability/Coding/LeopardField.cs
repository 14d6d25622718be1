using System.Runtime.Intrinsics;

namespace Lamina.DataAvailability.Coding;

/// <summary>
/// The tables of Leopard-RS (Lin, Chung and Han's FFT in the novel polynomial basis, as used by catid/leopard) for
/// GF(2^8) and GF(2^16): logarithms taken in a Cantor basis, the FFT skew factors and the Walsh transform of the
/// logarithm table that the erasure decoder uses to evaluate its error locator.
/// Field constants (polynomials 0x11D and 0x1002D, the Cantor bases) are the published Leopard parameters.
/// Logarithms are stored modulo 2^bits − 1, where the value <see cref="Modulus"/> stands for the logarithm of 1 again
/// and, as a multiplier, means "multiply by one" (the butterflies skip it).
/// </summary>
internal sealed class LeopardField
{
    private static readonly ushort[] CantorBasis8 = [1, 214, 152, 146, 86, 200, 88, 230];

    private static readonly ushort[] CantorBasis16 =
    [
        0x0001, 0xACCA, 0x3C0E, 0x163E, 0xC582, 0xED2E, 0x914C, 0x4012,
        0x6C98, 0x10D8, 0x6A72, 0xB900, 0xFDB8, 0xFB34, 0xFF38, 0x991E,
    ];

    private static readonly Lazy<LeopardField> Gf8Instance = new(() => new LeopardField(8, 0x11D, CantorBasis8));
    private static readonly Lazy<LeopardField> Gf16Instance = new(() => new LeopardField(16, 0x1002D, CantorBasis16));

    public static LeopardField Gf8 => Gf8Instance.Value;
    public static LeopardField Gf16 => Gf16Instance.Value;

    private LeopardField(int bits, int polynomial, ushort[] cantorBasis)
    {
        Bits = bits;
        Order = 1 << bits;
        Modulus = Order - 1;
        Log = new ushort[Order];
        Exp = new ushort[Order];
        BuildLogarithms(polynomial, cantorBasis);
        Skew = new ushort[Modulus];
        LogWalsh = new ushort[Order];
        BuildSkew();
    }

    public int Bits { get; }
    public int Order { get; }
    public int Modulus { get; }

    /// <summary>Log[x] for x ≠ 0 in the Cantor basis; Log[0] is unused.</summary>
    public ushort[] Log { get; }

    /// <summary>Exp[Log[x]] = x; Exp[Modulus] = Exp[0].</summary>
    public ushort[] Exp { get; }

    /// <summary>Logarithms of the FFT twist factors; Modulus means the butterfly has no multiply.</summary>
    public ushort[] Skew { get; }

    /// <summary>The Walsh-Hadamard transform of the logarithm table (with Log[0] taken as 0).</summary>
    public ushort[] LogWalsh { get; }

    private readonly int[]?[] _foldedLogWalsh = new int[]?[17];

    /// <summary>
    /// F[j] = Σ_t LogWalsh[j + t·n] mod Modulus, for j &lt; n. The decoder needs the Walsh transform (over the whole
    /// field) of (Walsh transform of an indicator supported on [0, n)) ⊙ LogWalsh, but only at indices below n. A Walsh
    /// transform of data supported on [0, n) is its size-n transform repeated, and its values below n depend only on
    /// the sum of the n-blocks of its input; so the product folds to size n with these sums, and the whole error
    /// locator costs two size-n transforms instead of two over all 2^bits points (65,536 for GF(2^16)).
    /// </summary>
    public int[] FoldedLogWalsh(int n)
    {
        var log = System.Numerics.BitOperations.Log2((uint)n);
        var cached = Volatile.Read(ref _foldedLogWalsh[log]);
        if (cached is not null) return cached;
        var folded = new int[n];
        for (var j = 0; j < n; j++)
        {
            long sum = 0;
            for (var i = j; i < Order; i += n) sum += LogWalsh[i];
            folded[j] = (int)(sum % Modulus);
        }
        Volatile.Write(ref _foldedLogWalsh[log], folded);
        return folded;
    }

    /// <summary>a + b modulo Modulus, leaving Modulus itself possible (it stands for 0).</summary>
    public int AddMod(int a, int b)
    {
        var sum = a + b;
        return (sum + (sum >> Bits)) & Modulus;
    }

    /// <summary>a − b modulo Modulus, leaving Modulus itself possible.</summary>
    public int SubMod(int a, int b)
    {
        var difference = a - b;
        return difference < 0 ? difference + Modulus : difference;
    }

    /// <summary>a · exp(logB), with 0 staying 0.</summary>
    public int MultiplyLog(int a, int logB) => a == 0 ? 0 : Exp[AddMod(Log[a], logB)];

    private void BuildLogarithms(int polynomial, ushort[] cantorBasis)
    {
        // Powers of the generator (the LFSR of the polynomial), recorded as Exp[state] = i for now.
        var state = 1;
        for (var i = 0; i < Modulus; i++)
        {
            Exp[state] = (ushort)i;
            state <<= 1;
            if (state >= Order) state ^= polynomial;
        }
        Exp[0] = (ushort)Modulus;

        // Re-express every element in the Cantor basis: Log[j] first holds the element whose basis coordinates are j.
        Log[0] = 0;
        for (var i = 0; i < Bits; i++)
        {
            var width = 1 << i;
            for (var j = 0; j < width; j++) Log[j + width] = (ushort)(Log[j] ^ cantorBasis[i]);
        }
        for (var i = 0; i < Order; i++) Log[i] = Exp[Log[i]];
        for (var i = 0; i < Order; i++) Exp[Log[i]] = (ushort)i;
        Exp[Modulus] = Exp[0];
    }

    private void BuildSkew()
    {
        var temp = new int[Bits - 1];
        for (var i = 1; i < Bits; i++) temp[i - 1] = 1 << i;

        for (var m = 0; m < Bits - 1; m++)
        {
            var step = 1 << (m + 1);
            Skew[(1 << m) - 1] = 0;
            for (var i = m; i < Bits - 1; i++)
            {
                var s = 1 << (i + 1);
                for (var j = (1 << m) - 1; j < s; j += step) Skew[j + s] = (ushort)(Skew[j] ^ temp[i]);
            }

            // Normalise the subspace polynomial for this layer so the next layers' factors come out in its basis.
            temp[m] = Modulus - Log[MultiplyLog(temp[m], Log[temp[m] ^ 1])];
            for (var i = m + 1; i < Bits - 1; i++)
            {
                var sum = AddMod(Log[temp[i] ^ 1], temp[m]);
                temp[i] = MultiplyLog(temp[i], sum);
            }
        }

        for (var i = 0; i < Modulus; i++) Skew[i] = Log[Skew[i]];

        var walsh = new int[Order];
        for (var i = 0; i < Order; i++) walsh[i] = Log[i];
        walsh[0] = 0;
        WalshHadamard(walsh, Order);
        for (var i = 0; i < Order; i++) LogWalsh[i] = (ushort)walsh[i];
    }

    /// <summary>
    /// In-place Walsh-Hadamard transform over the integers modulo Modulus. Inputs at or beyond
    /// <paramref name="nonZeroCount"/> are zero, so blocks that start there stay zero and are skipped.
    /// </summary>
    public void WalshHadamard(int[] data, int nonZeroCount) => WalshHadamard(data, nonZeroCount, Order);

    /// <summary>The same transform over the first <paramref name="size"/> entries (a power of two up to Order).</summary>
    public void WalshHadamard(int[] data, int nonZeroCount, int size)
    {
        var modulus = Vector256.Create(Modulus);
        for (var width = 1; width < size; width <<= 1)
        {
            var blockSize = width << 1;
            for (var r = 0; r < nonZeroCount; r += blockSize)
            {
                var j = r;
                if (width >= Vector256<int>.Count)
                {
                    // Lane-wise the same AddMod and SubMod as below (GF(2^16) decoding runs this over 65,536 entries).
                    ref var start = ref data[0];
                    for (; j < r + width; j += Vector256<int>.Count)
                    {
                        var a = Vector256.LoadUnsafe(ref start, (nuint)j);
                        var b = Vector256.LoadUnsafe(ref start, (nuint)(j + width));
                        var sum = a + b;
                        sum = (sum + Vector256.ShiftRightLogical(sum, Bits)) & modulus;
                        var difference = a - b;
                        difference += Vector256.ShiftRightArithmetic(difference, 31) & modulus;
                        sum.StoreUnsafe(ref start, (nuint)j);
                        difference.StoreUnsafe(ref start, (nuint)(j + width));
                    }
                }
                for (; j < r + width; j++)
                {
                    var a = data[j];
                    var b = data[j + width];
                    data[j] = AddMod(a, b);
                    data[j + width] = SubMod(a, b);
                }
            }
        }
    }
}
