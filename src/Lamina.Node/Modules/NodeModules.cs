using Lamina.Network;

namespace Lamina.Node.Modules;

/// <summary>The modules a node can run, and the choice of those its roles need.</summary>
public static class NodeModules
{
    /// <summary>The modules every `lamina node` knows. Fresh instances: a module may hold state for the one host it builds.</summary>
    public static IReadOnlyList<INodeModule> BuiltIn() => [new L1NodeModule()];

    /// <summary>The roles the built-in modules serve, in order (what config validation accepts without extra modules).</summary>
    public static IReadOnlyList<string> BuiltInRoles => L1NodeModule.ServedRoles;

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

    /// <summary>The modules that serve at least one of <paramref name="roles"/>, checked to share no peer channel.</summary>
    public static IReadOnlyList<INodeModule> For(IEnumerable<INodeModule> catalog, IReadOnlySet<string> roles)
    {
        var chosen = new List<INodeModule>();
        var owners = new Dictionary<byte, (INodeModule Module, PeerChannel Channel)>();
        foreach (var module in catalog)
        {
            if (!module.Roles.Any(roles.Contains)) continue;
            foreach (var channel in module.PeerChannels)
            {
                if (channel.Id == ChannelIds.Control) throw new ConfigException($"node module '{module.Name}' claims peer channel 0, which belongs to the network's control messages");
                if (owners.TryGetValue(channel.Id, out var owner))
                {
                    throw new ConfigException($"node modules '{owner.Module.Name}' ({owner.Channel.Name}) and '{module.Name}' ({channel.Name}) both claim peer channel {channel.Id}; roles {string.Join(", ", roles)} cannot run together");
                }
                owners[channel.Id] = (module, channel);
            }
            chosen.Add(module);
        }
        return chosen;
    }

    /// <summary>The channel table of the chosen modules, for the node's P2P transport.</summary>
    public static ChannelLimits Channels(IEnumerable<INodeModule> modules)
    {
        var limits = new ChannelLimits();
        foreach (var module in modules)
        {
            foreach (var channel in module.PeerChannels) limits.Set(channel.Id, channel.MaxPayload);
        }
        return limits;
    }
}
