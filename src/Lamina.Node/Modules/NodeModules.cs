using Lamina.Network;

namespace Lamina.Node.Modules;

/// <summary>The modules a node can run, and the choice of those its roles need.</summary>
public static class NodeModules
{
    /// <summary>The modules every `lamina node` knows. Fresh instances: a module may hold state for the one host it builds.</summary>
    public static IReadOnlyList<INodeModule> BuiltIn() => [new L1NodeModule(), new DataAvailability.DaNodeModule(), new DataAvailability.LightNodeModule(), new Optimistic.OptimisticNodeModule(), new Zk.ZkNodeModule()];

    /// <summary>The roles the built-in modules serve, in order (what config validation accepts without extra modules).</summary>
    public static IReadOnlyList<string> BuiltInRoles => [.. L1NodeModule.ServedRoles, DataAvailability.DaNodeModule.Da, DataAvailability.LightNodeModule.Light, Optimistic.OptimisticNodeModule.Sequencer, Optimistic.OptimisticNodeModule.Verifier, Optimistic.OptimisticNodeModule.Challenger, Zk.ZkNodeModule.Operator];

    /// <summary>Every role some module in <paramref name="catalog"/> serves, in the catalog's order.</summary>
    public static IReadOnlyList<string> KnownRoles(IEnumerable<INodeModule> catalog)
    {
        var roles = new List<string>();
        foreach (var module in catalog)
        {
            foreach (var role in module.Roles)
            {
                if (!roles.Contains(role)) roles.Add(role);
            }
        }
        return roles;
    }

    /// <summary>The modules that serve at least one of <paramref name="roles"/>, in the catalog's order.</summary>
    public static IReadOnlyList<INodeModule> For(IEnumerable<INodeModule> catalog, IReadOnlySet<string> roles)
        => catalog.Where(module => module.Roles.Any(roles.Contains)).ToList();

    /// <summary>
    /// The channel table for the node's P2P transport: the channels of every module in the catalog, not only of those
    /// this node runs. A peer with other roles sends on its modules' channels; a channel in the table without a
    /// handler here is dropped quietly, while a channel missing from the table would cut the peer off as a protocol
    /// violation. So the catalog's modules must not share a channel.
    /// </summary>
    public static ChannelLimits Channels(IEnumerable<INodeModule> catalog)
    {
        var limits = new ChannelLimits();
        var owners = new Dictionary<byte, (INodeModule Module, PeerChannel Channel)>();
        // Every node announces its roles, whatever modules it runs (Hosting/PeerRoles).
        limits.Set(Hosting.PeerRoles.Channel, Hosting.PeerRoles.MaxPayload);
        foreach (var module in catalog)
        {
            foreach (var channel in module.PeerChannels)
            {
                if (channel.Id == ChannelIds.Control) throw new ConfigException($"node module '{module.Name}' claims peer channel 0, which belongs to the network's control messages");
                if (channel.Id == Hosting.PeerRoles.Channel) throw new ConfigException($"node module '{module.Name}' claims peer channel {channel.Id}, which carries every node's role announcement");
                if (owners.TryGetValue(channel.Id, out var owner))
                {
                    throw new ConfigException($"node modules '{owner.Module.Name}' ({owner.Channel.Name}) and '{module.Name}' ({channel.Name}) both claim peer channel {channel.Id}; a channel belongs to one module");
                }
                owners[channel.Id] = (module, channel);
                limits.Set(channel.Id, channel.MaxPayload);
            }
        }
        return limits;
    }
}
