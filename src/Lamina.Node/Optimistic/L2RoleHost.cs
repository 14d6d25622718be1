using Lamina.L2.Optimistic.Agents;
using Lamina.Node.Modules;

namespace Lamina.Node.Optimistic;

/// <summary>A running rollup role: what the l2_* methods read, and its loop.</summary>
public sealed record L2Role(IL2Chain Chain, Func<CancellationToken, Task> RunAsync);

/// <summary>Builds the role once the host runs (it reaches L1 to read the rollup's registration, so it can take a while).</summary>
public delegate Task<L2Role> L2RoleFactory(NodeModuleContext context, bool sequencer, CancellationToken cancellationToken);

/// <summary>
/// Hosts the sequencer or verifier role: builds it (retrying while L1 is unreachable), then runs its loop. The l2_*
/// methods answer "starting" until the role exists.
/// </summary>
public sealed class L2RoleHost(NodeModuleContext context, L2RoleFactory factory, ILogger<L2RoleHost> logger) : BackgroundService
{
    private volatile L2Role? _role;

    public IL2Chain? Chain => _role?.Chain;

    public string? LastError { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sequencer = context.Runs(OptimisticNodeModule.Sequencer);
        while (_role is null && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                _role = await factory(context, sequencer, stoppingToken);
                LastError = null;
                if (_role.Chain is SequencerAgent restarted) LogDropped(restarted.DroppedAtStart);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LastError = e.Message;
                logger.LogWarning("l2 {Role} is not running yet: {Error}", sequencer ? "sequencer" : context.Runs(OptimisticNodeModule.Challenger) ? "challenger" : "verifier", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
        if (_role is { } role) await role.RunAsync(stoppingToken);
    }

    private void LogDropped(IReadOnlyList<DroppedPendingTransaction> dropped)
    {
        foreach (var d in dropped)
            logger.LogWarning("l2 sequencer restart: dropped journaled transaction {Hash} (sender {Sender}, nonce {Nonce}): ({Error}) {Reason}", d.Hash, d.Sender, d.Nonce, d.Error, d.Reason);
        if (dropped.Count > 0) logger.LogWarning("l2 sequencer restart: {Count} journaled transaction(s) no longer applied and were dropped; the rest were admitted again in order", dropped.Count);
    }
}
