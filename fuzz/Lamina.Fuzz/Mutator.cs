using System.Buffers.Binary;
using System.Text;

namespace Lamina.Fuzz;

/// <summary>
/// A small AFL-style "havoc" mutator for the in-process smoke mode and the tests: bit flips, interesting values
/// (including 16/32/64-bit length fields in both byte orders), deletions, insertions, duplication, truncation,
/// crossover between seeds, and dictionary tokens for the JSON targets. Driven by a seeded <see cref="Random"/>,
/// so a run is reproducible from its seed.
/// </summary>
public sealed class Mutator(Random random, IReadOnlyList<byte[]> seeds, IReadOnlyList<byte[]> dictionary)
{
    private static readonly ulong[] Interesting =
    [
        0, 1, 2, 3, 4, 7, 8, 16, 20, 31, 32, 33, 63, 64, 100, 127, 128, 255, 256, 1000, 1024, 4096, 65535, 65536,
        0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0x1_0000_0000, long.MaxValue, 0x8000_0000_0000_0000, ulong.MaxValue,
        0xffff_ffff_0000_0001, // the Goldilocks modulus: the smallest non-canonical field element
        0xffff_ffff_0000_0000,
    ];

    /// <summary>Ten percent fresh random bytes; otherwise a seed with one to eight stacked mutations.</summary>
    public byte[] Next()
    {
        if (seeds.Count == 0 || random.Next(10) == 0)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            return bytes;
        }
        return Mutate(seeds[random.Next(seeds.Count)], 1 << random.Next(4));
    }

    public byte[] Mutate(byte[] seed, int rounds)
    {
        var data = new List<byte>(seed);
        for (var i = 0; i < rounds; i++) MutateOnce(data);
        return [.. data];
    }

    private int Pos(List<byte> data) => data.Count == 0 ? 0 : random.Next(data.Count);

    private void MutateOnce(List<byte> data)
    {
        switch (random.Next(data.Count == 0 ? 1 : 13))
        {
            case 0:
                {
                    var chunk = new byte[random.Next(1, 9)];
                    random.NextBytes(chunk);
                    data.InsertRange(data.Count == 0 ? 0 : random.Next(data.Count + 1), chunk);
                    break;
                }
            case 1:
                data[Pos(data)] ^= (byte)(1 << random.Next(8));
                break;
            case 2:
                data[Pos(data)] = (byte)Interesting[random.Next(12)];
                break;
            case 3:
                data[Pos(data)] = (byte)random.Next(256);
                break;
            case 4:
            case 5:
                OverwriteInteger(data);
                break;
            case 6:
                {
                    var at = Pos(data);
                    data.RemoveRange(at, Math.Min(data.Count - at, random.Next(1, 33)));
                    break;
                }
            case 7:
                {
                    // Truncate.
                    var at = Pos(data);
                    data.RemoveRange(at, data.Count - at);
                    break;
                }
            case 8:
                {
                    // Duplicate a run (repeats a list element, a field, a JSON member).
                    var at = Pos(data);
                    var length = Math.Min(data.Count - at, random.Next(1, 65));
                    data.InsertRange(Pos(data), data.GetRange(at, length));
                    break;
                }
            case 9:
                {
                    // Crossover: splice the tail of another seed in.
                    var other = seeds[random.Next(seeds.Count)];
                    var at = Pos(data);
                    var from = other.Length == 0 ? 0 : random.Next(other.Length);
                    data.RemoveRange(at, data.Count - at);
                    data.AddRange(other.AsSpan(from).ToArray());
                    break;
                }
            case 10:
            case 11:
                if (dictionary.Count > 0)
                {
                    var token = dictionary[random.Next(dictionary.Count)];
                    if (random.Next(2) == 0) data.InsertRange(random.Next(data.Count + 1), token);
                    else ReplaceRun(data, token);
                }
                else
                {
                    var at = Pos(data);
                    data[at] = (byte)(data[at] + random.Next(-35, 36));
                }
                break;
            default:
                {
                    // Arithmetic on one byte, as AFL does (lengths and counts off by a little).
                    var at = Pos(data);
                    data[at] = (byte)(data[at] + random.Next(-16, 17));
                    break;
                }
        }
    }

    private void OverwriteInteger(List<byte> data)
    {
        var width = (1 << random.Next(4)) switch { 1 => 2, 2 => 4, 4 => 8, _ => 16 };
        var value = Interesting[random.Next(Interesting.Length)];
        if (random.Next(4) == 0) value = (ulong)data.Count + (ulong)random.Next(-8, 9);
        Span<byte> bytes = stackalloc byte[16];
        var bigEndian = random.Next(2) == 0;
        switch (width)
        {
            case 2: if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value); else BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value); break;
            case 4: if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)value); else BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)value); break;
            case 8: if (bigEndian) BinaryPrimitives.WriteUInt64BigEndian(bytes, value); else BinaryPrimitives.WriteUInt64LittleEndian(bytes, value); break;
            default: if (bigEndian) BinaryPrimitives.WriteUInt128BigEndian(bytes, value); else BinaryPrimitives.WriteUInt128LittleEndian(bytes, value); break;
        }
        var at = Pos(data);
        for (var i = 0; i < width && at + i < data.Count; i++) data[at + i] = bytes[i];
    }

    /// <summary>Replaces a run that looks like one token (a JSON string, number or literal) with <paramref name="token"/>.</summary>
    private void ReplaceRun(List<byte> data, byte[] token)
    {
        var at = Pos(data);
        var end = at;
        while (end < data.Count && end - at < 80 && data[end] is not ((byte)',' or (byte)':' or (byte)'}' or (byte)']')) end++;
        data.RemoveRange(at, end - at);
        data.InsertRange(at, token);
    }

    /// <summary>Tokens for the JSON targets; empty for binary ones (the integer mutations cover those).</summary>
    public static IReadOnlyList<byte[]> DictionaryFor(string target)
    {
        string[] common =
        [
            "null", "true", "false", "0", "-1", "-0", "1.5", "1e308", "-1e309", "18446744073709551615", "18446744073709551616",
            "340282366920938463463374607431768211456", "\"\"", "\" \"", "\"0x\"", "\"0x00\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\\"\"",
            "[]", "{}", "[", "]", "{", "}", ",", ":", "\"", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
            "/*", "*/", "//", "\n",
            "\"0x" + new string('a', 64) + "\"", "\"0x" + new string('f', 40) + "\"", "\"0x" + new string('0', 63) + "\"",
        ];
        string[] specific = target switch
        {
            "rpc" =>
            [
                "\"jsonrpc\"", "\"2.0\"", "\"id\"", "\"method\"", "\"params\"", "\"block\"", "\"full\"", "\"address\"", "\"height\"",
                "\"hash\"", "\"transaction\"", "\"l1_chainId\"", "\"l1_head\"", "\"l1_getBlock\"", "\"l1_getAccount\"", "\"l1_getAccountProof\"",
                "\"l1_sendTransaction\"", "\"l1_getTransaction\"", "\"l1_getCommit\"", "\"l1_validators\"", "\"l1_feeInfo\"", "\"l1_mempool\"",
                "\"id\":1,\"id\":2", "\"params\":[],\"params\":{}", "\"jsonrpc\":\"2.0\",\"jsonrpc\":\"2.0\"", "\"99999999999999999999\"", "\"4\"",
            ],
            "genesis" =>
            [
                "\"chainId\"", "\"genesisTimeMs\"", "\"blockGasLimit\"", "\"maxBlockBytes\"", "\"initialBaseFee\"", "\"minTipPerGas\"",
                "\"validators\"", "\"balances\"", "\"name\"", "\"publicKey\"", "\"power\"", "\"address\"", "\"amount\"", "[null]", "[{}]",
                "\"chainId\":\"a\",\"chainId\":\"b\"", "2147483647", "-2147483648", "21000", "1023", "\"1\"", "\"-1\"", "\" 1\"",
            ],
            "node-config" =>
            [
                "\"name\"", "\"role\"", "\"rpcListen\"", "\"blockIntervalMs\"", "\"validatorKeyFile\"", "\"genesisFile\"", "\"dataDir\"",
                "\"mempoolMaxTransactions\"", "\"validator\"", "\"full\"", "\"http://127.0.0.1:1\"", "\"http://\"", "\"file:///x\"",
                "\"http://[::1\"", "2147483647", "-2147483648", "\"role\":\"full\",\"role\":\"validator\"",
            ],
            _ => [],
        };
        return specific.Length == 0 ? [] : [.. common.Concat(specific).Select(Encoding.UTF8.GetBytes)];
    }
}
