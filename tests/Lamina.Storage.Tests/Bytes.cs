namespace Lamina.Storage.Tests;

internal static class Bytes
{
    public static byte[] Of(params byte[] bytes) => bytes;

    public static byte[] Utf8(string s) => System.Text.Encoding.UTF8.GetBytes(s);

    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes);

    public static List<string> Keys(IEnumerable<KeyValuePair<byte[], byte[]>> entries)
    {
        var keys = new List<string>();
        foreach (var e in entries) keys.Add(Hex(e.Key));
        return keys;
    }
}
