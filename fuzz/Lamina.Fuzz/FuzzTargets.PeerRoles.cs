using Lamina.Core.Codec;
using Lamina.Node.Hosting;

namespace Lamina.Fuzz;

/// <summary>
/// The role announcement every node sends its peers (channel 38): whatever decodes must re-encode to the input, and
/// the decoded set must already be the canonical one (sorted, no duplicates), so no two byte strings name one set.
/// </summary>
public static partial class FuzzTargets
{
    private static void NodeRolesTarget(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<NodeRolesMessage>(input, out var message)) return;
        if (!Canonical.Encode(NodeRolesMessage.Of(message.Roles)).AsSpan().SequenceEqual(input)) throw new InvalidOperationException("a decoded role set is not in its canonical order");
    }
}
