using Lamina.Core;

namespace Lamina.Client.Views;

/// <summary>da_square: a block's square as a DA node holds it: k, the extended width, the data root and the columns it custodies.</summary>
public sealed record DaSquareView(ulong Height, Hash256 BlockHash, Hash256 DataRoot, int K, int Width, IReadOnlyList<int> HeldColumns)
{
    public static DaSquareView Read(ViewReader r)
        => new(r.ULong("height"), r.Hash("blockHash"), r.Hash("dataRoot"), checked((int)r.ULong("k")), checked((int)r.ULong("width")), r.Ints("heldColumns"));
}
