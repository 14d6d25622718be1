using CsCheck;
using Lamina.Stark.Field;
using Lamina.Stark.Protocol;

namespace Lamina.Stark.Tests;

public class FriFoldingTests
{
    private static readonly Gen<Felt> GenFelt = Gen.OneOf(Gen.ULong.Select(Felt.FromU64),
        Gen.Int[0, 3].Select(i => i switch { 0 => Felt.Zero, 1 => Felt.One, 2 => Felt.FromU64(Felt.Modulus - 1), _ => Felt.FromU64(1UL << 63) }));
    private static readonly Gen<Felt3> GenFelt3 = Gen.Select(GenFelt, GenFelt, GenFelt, (a, b, c) => new Felt3(a, b, c));

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void The_transform_and_Horner_fold_equals_the_direct_sums(int f)
    {
        Gen.Select(GenFelt3.Array[f], GenFelt, GenFelt3).Sample(t =>
        {
            var (group, x, beta) = t;
            Felt xInverse = x == Felt.Zero ? Felt.One : x.Inverse();
            Assert.Equal(FriFolding.FoldDirect(group, xInverse, beta), FriFolding.Fold(group, xInverse, beta));
        }, iter: 5_000);
    }
}
