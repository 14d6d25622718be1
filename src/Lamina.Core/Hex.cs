namespace Lamina.Core;

/// <summary>Lower-case hex with an optional 0x prefix, the text form of every fixed-size value.</summary>
public static class Hex
{
    public static string Encode(ReadOnlySpan<byte> bytes, bool prefix = true)
        => prefix ? "0x" + Convert.ToHexStringLower(bytes) : Convert.ToHexStringLower(bytes);

    /// <summary>Decodes hex with or without 0x. Throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = text.AsSpan().Trim();
        if (span.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) span = span[2..];
        if (span.Length % 2 != 0) throw new FormatException($"hex string has an odd number of digits ({span.Length})");
        try
        {
            return Convert.FromHexString(span);
        }
        catch (FormatException)
        {
            throw new FormatException("hex string contains a character that is not 0-9, a-f or A-F");
        }
    }

    /// <summary>Decodes hex into exactly <paramref name="length"/> bytes.</summary>
    public static byte[] DecodeFixed(string text, int length, string what)
    {
        var bytes = Decode(text);
        if (bytes.Length != length) throw new FormatException($"{what} must be {length} bytes ({length * 2} hex digits), got {bytes.Length}");
        return bytes;
    }
}
