using System.Text.Json.Nodes;
using Lamina.Network;

namespace Lamina.Node.Hosting;

/// <summary>What /health answers: ok, syncing (committing, but the head is old), or stalled (HTTP 503).</summary>
public enum HealthStatus
{
    Ok,
    Syncing,
    Stalled,
}

/// <summary>
/// The node's /health, whatever its roles: the node's own fields (name, roles, connected peers) and the fields of
/// every module's <see cref="INodeHealthCheck"/>. The node's status is the worst of the checks' (a node whose
/// modules have no checks is ok while it answers), and the reasons of those not ok are joined.
/// </summary>
public sealed class NodeHealth(IEnumerable<INodeHealthCheck> checks, P2PNode net, NodeConfig config)
{
    private readonly IReadOnlyList<INodeHealthCheck> _checks = [.. checks];

    /// <summary>The status and the JSON body of /health.</summary>
    public (HealthStatus Status, JsonObject Body) Report()
    {
        var status = HealthStatus.Ok;
        var reasons = new List<string>();
        var body = new JsonObject
        {
            ["status"] = null,
            ["node"] = config.Name,
            ["role"] = config.Role,
            ["roles"] = new JsonArray([.. config.RoleSet.Select(r => JsonValue.Create(r))]),
            ["peers"] = net.Peers.Count,
        };
        foreach (var check in _checks)
        {
            var result = check.Check();
            if (result.Status > status) status = result.Status;
            if (result.Reason is { } reason) reasons.Add(reason);
            foreach (var (field, value) in result.Fields.ToList())
            {
                if (body.ContainsKey(field)) throw new InvalidOperationException($"health check '{check.Name}' reports the field \"{field}\", which another part of /health already reports");
                result.Fields.Remove(field);
                body[field] = value;
            }
        }
        body["status"] = status.ToString().ToLowerInvariant();
        if (reasons.Count > 0) body["reason"] = string.Join("; ", reasons);
        return (status, body);
    }
}
