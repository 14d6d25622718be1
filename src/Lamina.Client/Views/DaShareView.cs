using Lamina.Core;

namespace Lamina.Client.Views;

/// <summary>
/// da_getShare / da_sample: one share of a block's extended square with its proof (the canonical bytes of a column
/// share proof, which the caller verifies against a data root it trusts, never the one in this answer).
/// </summary>
public sealed record DaShareView(ulong Height, int Row, int Column, byte[] Share, byte[] Proof, Hash256 DataRoot)
{
    public static DaShareView Read(ViewReader r)
        => new(r.ULong("height"), checked((int)r.ULong("row")), checked((int)r.ULong("column")), r.Bytes("share"), r.Bytes("proof"), r.Hash("dataRoot"));
}
