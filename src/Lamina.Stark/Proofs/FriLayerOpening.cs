using Lamina.Stark.Commitments;
using Lamina.Stark.Field;

namespace Lamina.Stark.Proofs;

/// <summary>Openings of one FRI layer: for each queried group (sorted), its folding-factor values, plus a batch Merkle proof.</summary>
public sealed record FriLayerOpening(Felt3[][] Groups, Digest32[] MerkleNodes);
