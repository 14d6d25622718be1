namespace Lamina.Storage;

/// <summary>Key arithmetic shared by the backends for prefix and range iteration.</summary>
internal static class KeyRange
{
    /// <summary>
    /// The smallest key greater than every key that starts with <paramref name="prefix"/>, or null when none
    /// exists (empty prefix, or a prefix of only 0xFF bytes, whose keys run to the end of the key space).
    /// </summary>
    public static byte[]? PrefixUpperBound(ReadOnlySpan<byte> prefix)
    {
        for (int i = prefix.Length - 1; i >= 0; i--)
        {
            if (prefix[i] != 0xFF)
            {
                var bound = prefix[..(i + 1)].ToArray();
                bound[i]++;
                return bound;
            }
        }
        return null;
    }

    /// <summary>Where a forward scan starts: the larger of the prefix and <paramref name="from"/>.</summary>
    public static byte[] ForwardStart(byte[] prefix, byte[]? from) =>
        from is not null && from.AsSpan().SequenceCompareTo(prefix) > 0 ? from : prefix;

    public static bool HasPrefix(ReadOnlySpan<byte> key, byte[] prefix) => key.StartsWith(prefix);
}
