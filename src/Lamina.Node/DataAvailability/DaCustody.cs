using Lamina.Core;
using Lamina.DataAvailability.Custody;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// This DA node's custody: its node id (the node key's address, which peers see in the handshake) and the PeerDAS
/// custody groups derived from it (<see cref="CustodyGroups.Of"/>), so any peer can recompute which columns it holds.
/// </summary>
public sealed class DaCustody
{
    public DaCustody(Address nodeId, int groupCount)
    {
        if (groupCount is < 1 or > CustodyGroups.GroupCount) throw new ConfigException($"daCustodyGroups must be 1 to {CustodyGroups.GroupCount}, not {groupCount}");
        NodeId = nodeId;
        Groups = CustodyGroups.Of(nodeId.ToArray(), groupCount);
    }

    public Address NodeId { get; }
    public IReadOnlyList<int> Groups { get; }

    /// <summary>The columns this node holds of a square <paramref name="width"/> (= 2k) columns wide.</summary>
    public int[] Columns(int width) => CustodyGroups.Columns(Groups, width);
}
