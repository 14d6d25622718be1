using Lamina.Stark.Commitments;
using Lamina.Stark.Field;

namespace Lamina.Stark.Proofs;

/// <summary>
/// A STARK proof. The public inputs are not inside: the verifier gets them through the AIR instance.
/// Use <see cref="ProofCodec"/> for the canonical byte encoding.
/// </summary>
public sealed record StarkProof
{
    public required ProofOptions Options { get; init; }
    public required Digest32 TraceRoot { get; init; }
    public required Digest32 CompositionRoot { get; init; }

    /// <summary>Trace polynomials at the out-of-domain point z and at g·z.</summary>
    public required Felt3[] OodTraceCurrent { get; init; }
    public required Felt3[] OodTraceNext { get; init; }

    /// <summary>Composition column polynomials at z.</summary>
    public required Felt3[] OodComposition { get; init; }

    public required Digest32[] FriRoots { get; init; }

    /// <summary>Coefficients of the final FRI polynomial (lowest degree first).</summary>
    public required Felt3[] FriRemainder { get; init; }

    public required ulong PowNonce { get; init; }

    /// <summary>Trace rows at the distinct query positions, in increasing position order.</summary>
    public required Felt[][] TraceRows { get; init; }
    public required Digest32[] TraceMerkleNodes { get; init; }

    /// <summary>Composition rows (3 base elements per column) at the same positions.</summary>
    public required Felt[][] CompositionRows { get; init; }
    public required Digest32[] CompositionMerkleNodes { get; init; }

    public required FriLayerOpening[] FriLayers { get; init; }

    public byte[] ToBytes() => ProofCodec.Encode(this);

    public static StarkProof FromBytes(ReadOnlySpan<byte> bytes) => ProofCodec.Decode(bytes);
}
