using Lamina.Core;

namespace Lamina.Client.Views;

/// <summary>
/// l1_lightBlock: a header with its commit and validator sets in canonical encoding, for a light client to decode
/// and verify itself (the client library does not trust or interpret it).
/// </summary>
public sealed record LightBlockView(ulong Height, Hash256 Hash, byte[] Encoded)
{
    public static LightBlockView Read(ViewReader r) => new(r.ULong("height"), r.Hash("hash"), r.Bytes("encoded"));
}
