using Lamina.Network;

namespace Lamina.Node.Hosting;

/// <summary>
/// Starts and stops the node's peer-to-peer transport, whatever roles the node runs. The host registers it before
/// any module's background work, so the transport is listening when modules start, and it stops after them (hosted
/// services stop in reverse order). Modules register their channel handlers when they are built, which is before
/// any hosted service starts.
/// </summary>
public sealed class PeerNetworkService : IHostedService
{
    private readonly P2PNode _net;

    public PeerNetworkService(P2PNode net, NodeMetrics metrics)
    {
        _net = net;
        metrics.BeforeScrape(() => metrics.PeersConnected.Set(net.Peers.Count));
    }

    public Task StartAsync(CancellationToken cancellationToken) => _net.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _net.StopAsync();
}
