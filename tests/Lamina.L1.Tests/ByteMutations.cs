using CsCheck;

namespace Lamina.L1.Tests;

/// <summary>Hostile variants of a valid encoding, shared by the decoder fuzz tests.</summary>
internal static class ByteMutations
{
    /// <summary>One edit: kind 0 flips bits of a byte, 1 overwrites a run, 2 truncates, 3 inserts, 4 sets a byte to a boundary value.</summary>
    private static readonly Gen<(int Kind, int Position, byte[] Bytes)> Edit =
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Byte.Array[1, 8], (k, p, b) => (k, p, b));

    /// <summary>One to four edits of <paramref name="valid"/>.</summary>
    public static Gen<byte[]> Of(byte[] valid) => Edit.Array[1, 4].Select(edits =>
    {
        var bytes = valid.ToList();
        foreach (var (kind, position, data) in edits)
        {
            if (bytes.Count == 0) break;
            var at = position % bytes.Count;
            switch (kind)
            {
                case 0: bytes[at] ^= data[0] == 0 ? (byte)1 : data[0]; break;
                case 1: for (var i = 0; i < data.Length && at + i < bytes.Count; i++) bytes[at + i] = data[i]; break;
                case 2: bytes.RemoveRange(at, bytes.Count - at); break;
                case 3: bytes.InsertRange(at, data); break;
                default: bytes[at] = (data[0] & 3) switch { 0 => 0x00, 1 => 0xFF, 2 => 0x01, _ => 0x80 }; break;
            }
        }
        return bytes.ToArray();
    });
}
