namespace Lamina.Stark.Field;

/// <summary>
/// The arithmetic an AIR needs to evaluate its constraints. The prover evaluates constraints over the
/// base field (<see cref="Felt"/>) on the low-degree-extension domain; the verifier evaluates the same
/// code over the extension field (<see cref="Felt3"/>) at the out-of-domain point. Writing constraints
/// once against this interface keeps the two evaluations identical by construction.
/// </summary>
public interface IStarkField<T> : IEquatable<T> where T : unmanaged, IStarkField<T>
{
    static abstract T Zero { get; }
    static abstract T One { get; }
    static abstract T operator +(T a, T b);
    static abstract T operator -(T a, T b);
    static abstract T operator *(T a, T b);
    static abstract T operator -(T a);

    /// <summary>Embeds a base-field element.</summary>
    static abstract T FromBase(Felt value);

    /// <summary>Multiplies by a base-field element (cheaper than a full multiplication in an extension).</summary>
    static abstract T MulBase(T a, Felt b);

    T Square();

    /// <summary>Multiplicative inverse; the inverse of zero is zero.</summary>
    T Inverse();
}
