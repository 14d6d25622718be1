namespace Lamina.L2.Zk.Air;

/// <summary>Why a natively valid signature (or a key) has no proof in <see cref="SchnorrSignaturesAir"/>.</summary>
public enum SchnorrUnprovable
{
    /// <summary>The key is ±G (secret ±1): the key row's chord G + (−Q) has no inverse of (−Q).x − G.x.</summary>
    KeyIsGenerator = 1,

    /// <summary>A step's addition meets acc = ±P (the accumulator's double equals ± the added point): no chord inverse.</summary>
    ExceptionalAddition = 2,

    /// <summary>The accumulator ends at ±2^320·H: the result row's chord acc − 2^320·H has no inverse.</summary>
    ResultAtOffset = 3,
}
