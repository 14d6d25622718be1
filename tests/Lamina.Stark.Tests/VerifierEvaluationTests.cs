using Lamina.Stark.Field;
using Lamina.Stark.Polynomials;
using Lamina.Stark.Protocol;

namespace Lamina.Stark.Tests;

/// <summary>
/// The verifier evaluates periodic columns at the out-of-domain point by the barycentric formula instead of
/// interpolating each column; it must give exactly the interpolated polynomial's value, for dense and sparse columns,
/// every period length, and the rare point where the formula does not apply (x a root of unity).
/// </summary>
public class VerifierEvaluationTests
{
    [Fact]
    public void Periodic_columns_at_z_equal_their_interpolated_polynomials()
    {
        const int n = 1 << 12;
        Felt[] dense = TestData.Felts(512, 7);
        var indicator = new Felt[512];
        indicator[321] = Felt.One;
        var span = new Felt[256];
        for (int r = 10; r < 200; r++) span[r] = Felt.One;
        Felt[] shortDense = TestData.Felts(8, 11);
        Felt[][] columns = [dense, indicator, span, shortDense, new Felt[2]];
        var z = new Felt3(Felt.FromU64(0x1234_5678_9ABC_DEF1UL), Felt.FromU64(42), Felt.FromU64(0xFEDC_BA98UL));

        Felt3[] values = StarkProtocol.PeriodicValuesAt(columns, z, n);

        for (int k = 0; k < columns.Length; k++)
        {
            Felt3 x = z.Pow((ulong)(n / columns[k].Length));
            Assert.Equal(Polynomial.Evaluate(Polynomial.InterpolateSubgroup(columns[k]), x), values[k]);
        }
    }

    [Fact]
    public void A_point_whose_power_is_a_root_of_unity_falls_back_to_interpolation()
    {
        const int n = 64;
        Felt[] column = TestData.Felts(8, 3);
        Felt3 z = new(Felt.RootOfUnity(6).Pow(5), Felt.Zero, Felt.Zero); // z^(n/8) is an 8th root of unity: no barycentric weights

        Felt3[] values = StarkProtocol.PeriodicValuesAt([column], z, n);

        Assert.Equal(new Felt3(column[5], Felt.Zero, Felt.Zero), values[0]);
    }

    [Fact]
    public void Lazy_sums_equal_sums_reduced_term_by_term()
    {
        // Extreme values (p − 1, which make the unreduced sum wrap its 128 bits after two products) and random ones,
        // over sums long enough to carry into the third word many times.
        Felt max = Felt.FromU64(Felt.Modulus - 1);
        Felt[] randomA = TestData.Felts(3_000, 21), randomB = TestData.Felts(3_000, 22);
        foreach (int length in new[] { 0, 1, 2, 3, 17, 3_000 })
        {
            foreach (bool extreme in new[] { true, false })
            {
                LazyFeltSum lazy = default;
                Felt expected = Felt.Zero;
                for (int i = 0; i < length; i++)
                {
                    Felt a = extreme ? max : randomA[i], b = extreme ? max : randomB[i];
                    lazy.AddProduct(a, b);
                    lazy.Add(a);
                    expected += a * b + a;
                }
                Assert.Equal(expected, lazy.Value);
            }
        }
    }

    [Fact]
    public void Extension_products_reduced_once_equal_the_textbook_product_at_extreme_values()
    {
        Felt max = Felt.FromU64(Felt.Modulus - 1);
        Felt[] r = TestData.Felts(600, 23);
        var cases = new List<(Felt3, Felt3)> { (new(max, max, max), new(max, max, max)), (Felt3.One, new(max, Felt.Zero, max)) };
        for (int i = 0; i + 6 <= r.Length; i += 6) cases.Add((new(r[i], r[i + 1], r[i + 2]), new(r[i + 3], r[i + 4], r[i + 5])));
        foreach ((Felt3 a, Felt3 b) in cases)
        {
            Assert.Equal(Felt3.MulTextbook(a, b), a * b);
        }
    }
}
