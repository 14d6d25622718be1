using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>What a party of a dispute run is.</summary>
internal enum DisputeRole
{
    /// <summary>The honest challenger: the real <c>ChallengerAgent</c> over the true chain.</summary>
    Honest,
    /// <summary>The sequencer's script: deposits, then its output roots (true or lying).</summary>
    Sequencer,
    /// <summary>The sequencer defending its lie: <c>ChallengerAgent</c> over its lying view (the devnet's <c>LyingDefender</c>).</summary>
    Defender,
    /// <summary>An honest proposer and user: posts true outputs after a removal and claims the withdrawal.</summary>
    Proposer,
    /// <summary>A lying challenger (<c>--fault lie</c>): <c>ChallengerAgent</c> over a lie of its own; it disputes correct roots.</summary>
    Lie,
    /// <summary>A freeloader: counters random claims with the true value at the position.</summary>
    Freeload,
    /// <summary>Counters random claims with garbage.</summary>
    Garbage,
    /// <summary>The challenger role's <c>lie</c> fault as the node runs it: <c>LyingChallenger</c> (Lamina.L2.Optimistic).</summary>
    RoleLie,
    /// <summary>The challenger role's <c>freeload</c> fault as the node runs it: <c>Freeloader</c> (Lamina.L2.Optimistic).</summary>
    RoleFreeload,
}

/// <summary>
/// One party of a dispute run: its L1 key and funds, its role, its loop (one tick at a time, each tick awaited to the
/// end as a node's loop awaits it) and, between crashes, its process: <see cref="Tick"/> and its <see cref="Sender"/>. A crash drops the process (<see cref="Incarnation"/> moves on, so its pending work dies with it).
/// </summary>
internal sealed class DisputeParty(int index, string name, DisputeRole role, SigningKey key, long tickMs)
{
    public int Index { get; } = index;
    public string Name { get; } = name;
    public DisputeRole Role { get; } = role;
    public SigningKey Key { get; } = key;
    public Address Address => Key.Address;
    public long TickMs { get; } = tickMs;
    public bool IsLiar => Role is DisputeRole.Lie or DisputeRole.Freeload or DisputeRole.Garbage or DisputeRole.Defender or DisputeRole.RoleLie or DisputeRole.RoleFreeload;

    public bool Up { get; set; } = true;
    public int Incarnation { get; set; }
    public Func<Task<int>>? Tick { get; set; }

    /// <summary>Builds a new process after a crash (a new agent, nothing carried over).</summary>
    public Action? Restart { get; set; }
    public int HomeNode { get; set; }

    /// <summary>The process's sender (<c>NodeSimulation.SenderFor</c>), and the incarnation it belongs to.</summary>
    public Lamina.L2.Optimistic.Agents.DisputeSender? Sender { get; set; }
    public int SenderIncarnation { get; set; } = -1;

    public int Sent { get; set; }
    public int Landed { get; set; }
    public int TimedOut { get; set; }
    public int Refused { get; set; }
    public int Dropped { get; set; }
    public int TickErrors { get; set; }
    public string? LastError { get; set; }
    public int Crashes { get; set; }
}
