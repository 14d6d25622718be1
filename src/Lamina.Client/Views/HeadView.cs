using System.Text.Json.Nodes;
using Lamina.Core;

namespace Lamina.Client.Views;

/// <summary>l1_head: the newest block and the highest final one (every committed block is final today).</summary>
public sealed record HeadView(ulong Height, Hash256 Hash, ulong FinalizedHeight, ulong TimeMs)
{
    /// <summary>The node's answer as it came, for display and for fields newer than this client.</summary>
    public JsonObject Json { get; init; } = [];

    public static HeadView Read(ViewReader r) => new(r.ULong("height"), r.Hash("hash"), r.ULong("finalizedHeight"), r.ULong("time")) { Json = r.Json };
}
