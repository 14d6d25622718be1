namespace Lamina.Core.Codec;

/// <summary>Whole-buffer encode and decode for <see cref="ICanonical{TSelf}"/> values.</summary>
public static class Canonical
{
    public static byte[] Encode<T>(T value) where T : ICanonical<T>
    {
        var writer = new CanonicalWriter();
        value.Encode(writer);
        return writer.ToArray();
    }

    /// <summary>Decodes exactly one value, refusing trailing bytes. Throws <see cref="CodecException"/>.</summary>
    public static T Decode<T>(ReadOnlySpan<byte> bytes) where T : ICanonical<T>
    {
        var reader = new CanonicalReader(bytes);
        T value;
        try
        {
            value = T.Decode(ref reader);
        }
        catch (ArgumentException e)
        {
            // Constructors validate semantic rules (lengths, ranges); surface them as codec errors.
            throw new CodecException(CodecError.InvalidValue, $"{typeof(T).Name}: {e.Message}", reader.Position);
        }
        reader.EnsureEnd(typeof(T).Name);
        return value;
    }
}
