using Lamina.Core;

namespace Lamina.Client.Views;

/// <summary>da_custody: a node id's PeerDAS custody groups and the columns they hold in a square of the given width.</summary>
public sealed record DaCustodyView(Address NodeId, IReadOnlyList<int> Groups, int Width, IReadOnlyList<int> Columns)
{
    public static DaCustodyView Read(ViewReader r) => new(r.Address("nodeId"), r.Ints("groups"), checked((int)r.ULong("width")), r.Ints("columns"));
}
