using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Lamina.Stark.Field;

namespace Lamina.Stark.Prover;

/// <summary>
/// Many base-field polynomials of the same length evaluated at one extension point z: p(z) = Σ_i c_i·z^i with the powers
/// z^i computed once for all of them, so each polynomial costs three base-field dot products (one per coordinate of
/// z^i), four coefficients at a time in AVX2 lanes, instead of a Horner chain of extension-field products. The values are
/// the field elements Horner's rule gives.
/// </summary>
internal sealed class OutOfDomainEvaluation
{
    private const int Chunk = 1 << 12;

    /// <summary>The coordinates of z^i, i &lt; length.</summary>
    private readonly Felt[][] _powers;

    public OutOfDomainEvaluation(Felt3 z, int length)
    {
        _powers = [new Felt[length], new Felt[length], new Felt[length]];
        int chunks = Math.Max(1, length / Chunk);
        int chunkLength = length / chunks;
        Parallel.For(0, chunks, chunk =>
        {
            int start = chunk * chunkLength;
            int end = chunk == chunks - 1 ? length : start + chunkLength;
            Felt3 power = z.Pow((ulong)start);
            for (int i = start; i < end; i++)
            {
                _powers[0][i] = power.C0;
                _powers[1][i] = power.C1;
                _powers[2][i] = power.C2;
                power *= z;
            }
        });
    }

    /// <summary>p(z) for a polynomial of at most the table's length in coefficients.</summary>
    public Felt3 Evaluate(ReadOnlySpan<Felt> coefficients) =>
        new(Dot(coefficients, _powers[0]), Dot(coefficients, _powers[1]), Dot(coefficients, _powers[2]));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe Felt Dot(ReadOnlySpan<Felt> a, Felt[] b)
    {
        int length = a.Length;
        int i = 0;
        Felt sum = Felt.Zero;
        if (GoldilocksVector.IsSupported && length >= 4)
        {
            var sums = new WeightedHalves();
            fixed (Felt* pa = a)
            fixed (Felt* pb = b)
            {
                for (; i + 4 <= length; i += 4)
                {
                    sums.Add(Vector256.Load((ulong*)(pa + i)), Vector256.Load((ulong*)(pb + i)));
                }
            }
            sum = sums.Total();
        }
        for (; i < length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
