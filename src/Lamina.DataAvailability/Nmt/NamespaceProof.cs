using Lamina.Core.Codec;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability.Nmt;

/// <summary>
/// What a tree holds in one namespace. Presence: a range proof of exactly the namespace's leaves, complete because
/// every subtree left of the range ends below the namespace and every subtree right of it starts above. Absence: the
/// leaf where the namespace would be (its namespace is greater) with everything left of it below, or, when every leaf
/// is smaller, an empty range at the end. Encoded as namespace ‖ range proof ‖ has-leaf (bool) ‖ [leaf node].
/// </summary>
public sealed class NamespaceProof(Namespace ns, NmtRangeProof range, NmtNode? absenceLeaf) : ICanonical<NamespaceProof>
{
    public Namespace Namespace { get; } = ns;
    public NmtRangeProof Range { get; } = range;
    public NmtNode? AbsenceLeaf { get; } = absenceLeaf;
    public bool ProvesAbsence => AbsenceLeaf is not null || Range.Start == Range.End;

    /// <summary>Checks that <paramref name="shares"/> are all, and only, the tree's leaves in the namespace.</summary>
    public void VerifyComplete(NmtNode root, int leafCount, IReadOnlyList<byte[]> shares)
    {
        if (ProvesAbsence) throw new InvalidNmtException(NmtError.MalformedProof, "this is an absence proof");
        var leaves = new NmtNode[shares.Count];
        for (var i = 0; i < leaves.Length; i++) leaves[i] = NmtHasher.HashLeaf(Namespace, shares[i]);
        CheckBounds(root, leafCount, leaves, NmtError.IncompleteNamespace);
    }

    /// <summary>Checks that the tree has no leaf in the namespace.</summary>
    public void VerifyAbsent(NmtNode root, int leafCount)
    {
        if (AbsenceLeaf is { } leaf)
        {
            if (leaf.Min <= Namespace) throw new InvalidNmtException(NmtError.NamespacePresent, $"the leaf shown starts at {leaf.Min}, not above {Namespace}");
            CheckBounds(root, leafCount, [leaf], NmtError.NamespacePresent);
            return;
        }
        if (Range.Start != leafCount || Range.End != leafCount || Range.Siblings.Count != 0) throw new InvalidNmtException(NmtError.MalformedProof, "an absence proof without a leaf is an empty range at the end");
        if (root.Max >= Namespace) throw new InvalidNmtException(NmtError.NamespacePresent, $"the tree reaches {root.Max}, so {Namespace} may be in it");
    }

    private void CheckBounds(NmtNode root, int leafCount, NmtNode[] leaves, NmtError incomplete)
    {
        var left = new List<NmtNode>();
        var right = new List<NmtNode>();
        if (Range.ComputeRoot(leafCount, leaves, left, right) != root) throw new InvalidNmtException(NmtError.RootMismatch, "the namespace range does not lead to the root");
        foreach (var node in left)
        {
            if (node.Max >= Namespace) throw new InvalidNmtException(incomplete, $"a subtree left of the range reaches {node.Max}");
        }
        foreach (var node in right)
        {
            if (node.Min <= Namespace) throw new InvalidNmtException(incomplete, $"a subtree right of the range starts at {node.Min}");
        }
    }

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteRaw(Namespace.ToArray());
        Range.Encode(writer);
        writer.WriteBool(AbsenceLeaf is not null);
        AbsenceLeaf?.Encode(writer);
    }

    public static NamespaceProof Decode(ref CanonicalReader reader)
    {
        var ns = new Namespace(reader.ReadRaw(Namespace.Size, "namespace"));
        var range = NmtRangeProof.Decode(ref reader);
        NmtNode? leaf = reader.ReadBool("has absence leaf") ? NmtNode.Decode(ref reader) : null;
        return new NamespaceProof(ns, range, leaf);
    }
}
