using Lamina.Core;

namespace Lamina.Client.Views;

/// <summary>
/// l1_getStateProof: one key of the state tree after block <see cref="Height"/>, its value (canonical bytes, null when
/// absent) and the sparse-Merkle proof against that block's state root. Nothing here is trusted until the proof is
/// checked against a header the caller verified (a light client's).
/// </summary>
public sealed record StateProofView(Hash256 Key, ulong Height, Hash256 BlockHash, Hash256 StateRoot, bool Present, byte[]? Value, byte[] Proof)
{
    public static StateProofView Read(ViewReader r)
    {
        var present = r.Bool("present");
        return new StateProofView(r.Hash("key"), r.ULong("height"), r.Hash("blockHash"), r.Hash("stateRoot"), present, present ? r.Bytes("value") : null, r.Bytes("proof"));
    }
}
