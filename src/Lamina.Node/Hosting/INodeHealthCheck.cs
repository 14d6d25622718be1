using System.Text.Json.Nodes;

namespace Lamina.Node.Hosting;

/// <summary>
/// One module's part of /health. The node answers /health whatever roles it runs; each module that has a notion of
/// being stuck (L1: no block committed) registers one of these as a service, and the worst status among them is the
/// node's.
/// </summary>
public interface INodeHealthCheck
{
    /// <summary>The module's name, for error messages.</summary>
    string Name { get; }

    /// <summary>The module's status now, the fields it adds to the /health body, and why it is not ok (null when ok).</summary>
    HealthCheckResult Check();
}

/// <summary>
/// What a check reports. <see cref="Fields"/> join the top level of the /health body, so two checks must not
/// report the same field.
/// </summary>
public sealed record HealthCheckResult(HealthStatus Status, JsonObject Fields, string? Reason = null);
