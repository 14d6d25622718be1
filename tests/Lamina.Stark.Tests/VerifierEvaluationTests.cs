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
}
