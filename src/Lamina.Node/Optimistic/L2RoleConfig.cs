using System.Text.Json.Serialization;

namespace Lamina.Node.Optimistic;

/// <summary>
/// config.json's "l2" section, for the sequencer, verifier and challenger roles: which rollup (its id on L1, also its DA
/// namespace), the L1 node to reach through Lamina.Client like any outsider, and the sequencer's cadence, key and
/// fault modes ("withhold-batch", "censor 0xADDR", and "wrong-root": the first output posted is wrong and the sequencer
/// defends it in the dispute game, see <c>LyingDefender</c>; "bad-transition [SEED]": its proposer executes one seeded
/// random transaction wrongly and posts and defends that faulty history, see <c>BadTransitionFault</c>; the
/// challenger's "lie" and "freeload", see <see cref="KnownFaults"/>).
/// </summary>
public sealed class L2RoleConfig
{
    [JsonPropertyName("rollupId")] public ulong RollupId { get; set; } = 1;
    /// <summary>RPC URL of an L1 node that runs the rollups module.</summary>
    [JsonPropertyName("l1Rpc")] public string L1Rpc { get; set; } = "http://127.0.0.1:26657";
    /// <summary>RPC URL of a DA node to read batch blobs from (default: l1Rpc).</summary>
    [JsonPropertyName("daRpc")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DaRpc { get; set; }
    /// <summary>Sequencer only: the key that posts blobs and batch references (the rollup's registered batch poster).</summary>
    [JsonPropertyName("batcherKeyFile")] public string BatcherKeyFile { get; set; } = "batcher.key";
    [JsonPropertyName("blockIntervalMs")] public int BlockIntervalMs { get; set; } = 100;
    [JsonPropertyName("batchIntervalMs")] public int BatchIntervalMs { get; set; } = 2_000;
    /// <summary>OP Stack's maxSequencerDrift (600 s).</summary>
    [JsonPropertyName("maxSequencerDriftMs")] public ulong MaxSequencerDriftMs { get; set; } = 600_000;
    [JsonPropertyName("channelTimeoutBlocks")] public ulong ChannelTimeoutBlocks { get; set; } = 64;
    /// <summary>Sequencer only: how often the proposer posts the safe head's output root with a bond (0: no proposer).</summary>
    [JsonPropertyName("proposeIntervalMs")] public int ProposeIntervalMs { get; set; } = 5_000;
    /// <summary>Challenger only: the key that opens games and plays them (it locks the bonds).</summary>
    [JsonPropertyName("challengerKeyFile")] public string ChallengerKeyFile { get; set; } = "challenger.key";
    /// <summary>Challenger only: the pause between rounds (derivation, then a move in every game that needs one).</summary>
    [JsonPropertyName("challengeIntervalMs")] public int ChallengeIntervalMs { get; set; } = 500;
    [JsonPropertyName("faults")] public List<string> Faults { get; set; } = [];

    public void Validate(string source)
    {
        if (!Uri.TryCreate(L1Rpc, UriKind.Absolute, out _)) throw new ConfigException($"{source}: l2.l1Rpc must be an absolute URL");
        if (DaRpc is not null && !Uri.TryCreate(DaRpc, UriKind.Absolute, out _)) throw new ConfigException($"{source}: l2.daRpc must be an absolute URL");
        if (BlockIntervalMs is < 10 or > 60_000) throw new ConfigException($"{source}: l2.blockIntervalMs must be between 10 and 60000");
        if (BatchIntervalMs is < 10 or > 3_600_000) throw new ConfigException($"{source}: l2.batchIntervalMs must be between 10 and 3600000");
        if (ProposeIntervalMs is < 0 or > 86_400_000) throw new ConfigException($"{source}: l2.proposeIntervalMs must be between 0 and 86400000");
        if (ChallengeIntervalMs is < 10 or > 3_600_000) throw new ConfigException($"{source}: l2.challengeIntervalMs must be between 10 and 3600000");
        if (Faults is null) throw new ConfigException($"{source}: l2.faults must be a list (use [] for none)");
        foreach (var fault in Faults)
        {
            if (!KnownFaults.Contains(fault) && !fault.StartsWith("censor ", StringComparison.Ordinal) && !fault.StartsWith(BadTransition + " ", StringComparison.Ordinal))
                throw new ConfigException($"{source}: l2.faults: unknown fault '{fault}' (withhold-batch, censor 0xADDR, wrong-root, bad-transition [SEED], lie, freeload)");
            if (fault.StartsWith(BadTransition + " ", StringComparison.Ordinal) && !ulong.TryParse(fault[(BadTransition.Length + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture, out _))
                throw new ConfigException($"{source}: l2.faults: '{fault}': the seed must be an unsigned integer");
        }
    }

    /// <summary>
    /// The faults besides "censor 0xADDR": the sequencer's (withhold-batch, wrong-root) and the
    /// challenger's ("lie": it disputes a correct output root and plays its lie to the end, <c>LyingChallenger</c>;
    /// "freeload": it makes made-up attacks on every wrong claim, <c>Freeloader</c>).
    /// </summary>
    public static readonly string[] KnownFaults = ["withhold-batch", "wrong-root", BadTransition, "lie", "freeload"];

    public const string BadTransition = "bad-transition";

    /// <summary>The seed of the "bad-transition [SEED]" fault (1 when none is given), or null without that fault.</summary>
    public ulong? BadTransitionSeed
    {
        get
        {
            foreach (var fault in Faults)
            {
                if (fault == BadTransition) return 1;
                if (fault.StartsWith(BadTransition + " ", StringComparison.Ordinal)) return ulong.Parse(fault[(BadTransition.Length + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
            return null;
        }
    }

    public bool WithholdBatches => Faults.Contains("withhold-batch");

    public Lamina.Core.Address? Censored
    {
        get
        {
            foreach (var fault in Faults)
            {
                if (fault.StartsWith("censor ", StringComparison.Ordinal)) return Lamina.Core.Address.Parse(fault["censor ".Length..].Trim());
            }
            return null;
        }
    }
}
