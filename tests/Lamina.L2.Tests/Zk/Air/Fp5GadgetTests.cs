using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.Crypto;
using Lamina.Stark.Field;

namespace Lamina.L2.Tests.Zk.Air;

/// <summary>
/// The prover's base-field GF(p^5) product (five exact 128-bit sums, one reduction per coefficient) gives the field elements of
/// the generic formula the verifier runs, and of the native <see cref="Fp5"/> product, on random and edge values (0, 1, p − 1,
/// values whose partial products carry out of 128 bits when summed); so does its square in 15 products.
/// </summary>
public sealed class Fp5GadgetTests
{
    [Fact]
    public void The_base_field_product_equals_the_generic_formula_and_the_native_product()
    {
        var rng = new TestRng(91);
        Felt[] edges = [Felt.Zero, Felt.One, Felt.FromU64(Felt.Modulus - 1), Felt.FromU64(Felt.Modulus - 2), Felt.FromU64(0xFFFF_FFFFUL),
            Felt.FromU64(0x1_0000_0000UL), Felt.FromU64(Felt.Modulus >> 1), 3u];
        for (int trial = 0; trial < 2_000; trial++)
        {
            Felt[] a = Element(rng, edges, trial), b = Element(rng, edges, trial + 7);
            var fast = new Felt[5];
            var generic = new Felt[5];
            Fp5Gadget.Mul<Felt>(a, b, fast);
            Fp5Gadget.MulGeneric<Felt>(a, b, generic);
            Assert.Equal(generic, fast);
            Fp5 native = new Fp5(a[0], a[1], a[2], a[3], a[4]) * new Fp5(b[0], b[1], b[2], b[3], b[4]);
            Assert.Equal([native[0], native[1], native[2], native[3], native[4]], fast);
            Fp5Gadget.Mul<Felt>(a, b, a); // the result may overwrite an input
            Assert.Equal(generic, a);
        }
    }

    [Fact]
    public void The_base_field_square_equals_the_generic_product_and_the_native_product()
    {
        var rng = new TestRng(92);
        Felt[] edges = [Felt.Zero, Felt.One, Felt.FromU64(Felt.Modulus - 1), Felt.FromU64(Felt.Modulus - 2), Felt.FromU64(0xFFFF_FFFFUL),
            Felt.FromU64(0x1_0000_0000UL), Felt.FromU64(Felt.Modulus >> 1), Felt.FromU64((Felt.Modulus + 1) / 2), 3u];
        for (int trial = 0; trial < 3_000; trial++)
        {
            Felt[] a = Element(rng, edges, trial);
            var fast = new Felt[5];
            var generic = new Felt[5];
            Fp5Gadget.Square<Felt>(a, fast);
            Fp5Gadget.MulGeneric<Felt>(a, a, generic);
            Assert.Equal(generic, fast);
            var x = new Fp5(a[0], a[1], a[2], a[3], a[4]);
            Fp5 native = x.Square();
            Assert.Equal(x * x, native);
            Assert.Equal([native[0], native[1], native[2], native[3], native[4]], fast);
            Fp5Gadget.Square<Felt>(a, a); // the result may overwrite the input
            Assert.Equal(generic, a);
        }
    }

    [Fact]
    public void The_coefficient_indexer_reads_each_field_and_refuses_other_indices()
    {
        var rng = new TestRng(93);
        for (int trial = 0; trial < 100; trial++)
        {
            var x = new Fp5(rng.NextFelt(), rng.NextFelt(), rng.NextFelt(), rng.NextFelt(), rng.NextFelt());
            Assert.Equal([x.C0, x.C1, x.C2, x.C3, x.C4], Enumerable.Range(0, 5).Select(i => x[i]).ToArray());
        }
        var y = new Fp5(1u, 2u, 3u, 4u, 5u);
        Assert.Throws<ArgumentOutOfRangeException>(() => y[5]);
        Assert.Throws<ArgumentOutOfRangeException>(() => y[-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => y[int.MinValue]);
    }

    /// <summary>Random coordinates, all edge values, or a mix, by trial.</summary>
    private static Felt[] Element(TestRng rng, Felt[] edges, int trial) =>
        [.. Enumerable.Range(0, 5).Select(i => (trial % 3) switch
        {
            0 => rng.NextFelt(),
            1 => edges[(int)(rng.NextU64() % (ulong)edges.Length)],
            _ => i % 2 == 0 ? rng.NextFelt() : edges[(trial + i) % edges.Length],
        })];
}
