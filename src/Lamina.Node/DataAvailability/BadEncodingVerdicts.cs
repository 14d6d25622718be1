using Lamina.DataAvailability;
using Lamina.L1.Blocks;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// A light node's record of headers shown to commit to a badly encoded square (Celestia's rule: a valid bad-encoding
/// fraud proof makes a light node reject the header for good, whatever its samples said). A proof counts only when it
/// names the header (hash and height), the row and column roots given hash to the header's data root, and
/// <see cref="BadEncodingProof.Verify"/> accepts it.
/// </summary>
public sealed class BadEncodingVerdicts
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, Lamina.Core.Hash256> _rejected = []; // lookup only

    /// <summary>
    /// Rejects <paramref name="header"/> (one the light client verified) if <paramref name="proof"/> shows its square
    /// badly encoded. Throws <see cref="InvalidBadEncodingProofException"/> when it does not, leaving the header trusted.
    /// </summary>
    public void Accept(BadEncodingProof proof, BlockHeader header, DataAvailabilityHeader roots)
    {
        if (proof.HeaderHash != header.Hash || proof.Height != header.Height)
        {
            throw new InvalidBadEncodingProofException(BadEncodingError.WrongHeader, $"the proof is about block {proof.Height} {proof.HeaderHash}, not {header.Height} {header.Hash}");
        }
        if (roots.DataRoot != header.DataRoot) throw new InvalidBadEncodingProofException(BadEncodingError.WrongHeader, "the row and column roots given are not the header's data root");
        proof.Verify(roots);
        lock (_gate) _rejected[header.Height] = header.Hash;
    }

    public bool IsRejected(ulong height)
    {
        lock (_gate) return _rejected.ContainsKey(height);
    }

    /// <summary>Whether the block <paramref name="hash"/> at <paramref name="height"/> was shown badly encoded.</summary>
    public bool IsRejected(ulong height, Lamina.Core.Hash256 hash)
    {
        lock (_gate) return _rejected.TryGetValue(height, out var rejected) && rejected == hash;
    }
}
