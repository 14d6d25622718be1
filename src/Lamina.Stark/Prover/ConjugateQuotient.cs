using System.Runtime.CompilerServices;
using Lamina.Stark.Field;

namespace Lamina.Stark.Prover;

/// <summary>
/// For an extension point z with conjugates z' = z^p and z'' = z^(p²): the minimal polynomial
/// m(X) = (X − z)(X − z')(X − z'') has base-field coefficients, and q(X) = (X − z')(X − z'') = m(X)/(X − z),
/// so 1/(x − z) = q(x)/m(x) for base-field x with only a base-field inversion.
/// </summary>
internal readonly struct ConjugateQuotient
{
    private readonly Felt _s1;
    private readonly Felt _s2;
    private readonly Felt _s3;
    private readonly Felt3 _conjugateSum;
    private readonly Felt3 _conjugateProduct;

    public ConjugateQuotient(Felt3 z)
    {
        Felt3 z1 = z.Pow(Felt.Modulus);
        Felt3 z2 = z1.Pow(Felt.Modulus);
        Felt3 s1 = z + z1 + z2;
        Felt3 s2 = z * z1 + z * z2 + z1 * z2;
        Felt3 s3 = z * z1 * z2;
        if (!s1.IsBase || !s2.IsBase || !s3.IsBase)
        {
            throw new InvalidOperationException("the minimal polynomial of an extension point must have base coefficients");
        }
        _s1 = s1.C0;
        _s2 = s2.C0;
        _s3 = s3.C0;
        _conjugateSum = z1 + z2;
        _conjugateProduct = z1 * z2;
    }

    /// <summary>m(x) = x³ − s1·x² + s2·x − s3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Felt Minimal(Felt x) => ((x - _s1) * x + _s2) * x - _s3;

    /// <summary>q(x) = x² − (z' + z'')·x + z'·z'', given x² as well (shared by the two quotients of a DEEP point).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Felt3 Quotient(Felt x, Felt squared) => _conjugateProduct - _conjugateSum * x + squared;
}
