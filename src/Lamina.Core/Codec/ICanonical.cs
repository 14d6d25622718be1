namespace Lamina.Core.Codec;

/// <summary>A value with exactly one byte encoding.</summary>
public interface ICanonical<TSelf> where TSelf : ICanonical<TSelf>
{
    void Encode(CanonicalWriter writer);

    /// <summary>Reads one value; does not check for trailing bytes (callers embedding it go on reading).</summary>
    static abstract TSelf Decode(ref CanonicalReader reader);
}
