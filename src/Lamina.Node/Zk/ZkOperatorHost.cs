using Lamina.L2.Zk.Operator;
using Lamina.Node.Modules;

namespace Lamina.Node.Zk;

/// <summary>A running zk-operator role: the operator the zk_* methods read, and its loop.</summary>
public sealed record ZkOperatorRole(ZkOperator Operator, uint RollupId, Func<CancellationToken, Task> RunAsync);

/// <summary>Builds the role once the host runs (it reaches L1 to read the rollup's registration, so it can take a while).</summary>
public delegate Task<ZkOperatorRole> ZkOperatorFactory(NodeModuleContext context, CancellationToken cancellationToken);

/// <summary>
/// Hosts the zk-operator role: builds it (retrying while L1 is unreachable or the rollup is not registered yet),
/// then runs its loop. The zk_* methods answer "starting" until the role exists.
/// </summary>
public sealed class ZkOperatorHost(NodeModuleContext context, ZkOperatorFactory factory, ILogger<ZkOperatorHost> logger) : BackgroundService
{
    private volatile ZkOperatorRole? _role;

    public ZkOperatorRole? Role => _role;

    public string? LastError { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (_role is null && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                _role = await factory(context, stoppingToken);
                LastError = null;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LastError = e.Message;
                logger.LogWarning("zk-operator is not running yet: {Error}", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
        if (_role is { } role) await role.RunAsync(stoppingToken);
    }
}
