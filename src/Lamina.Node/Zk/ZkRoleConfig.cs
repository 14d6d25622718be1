using System.Text.Json.Serialization;
using Lamina.L2.Zk.Operator;
using Lamina.L2.Zk.Proving;
using Lamina.Stark.Proofs;

namespace Lamina.Node.Zk;

/// <summary>
/// config.json's "zk" section, for the zk-operator role: which ZK rollup (its id on L1, also its DA namespace), the
/// L1 node reached through Lamina.Client like any outsider, the L1 key that submits batches, batch size and cadence,
/// how many batches prove at once, the proof options ("default", "compact", or "insecure-fast" for tests only) and
/// the fault of a dishonest operator (attack tests only).
/// </summary>
public sealed class ZkRoleConfig
{
    public static readonly string[] FaultNames = ["forged-signature", "overdraft", "wrong-root", "pubdata-mismatch"];

    [JsonPropertyName("rollupId")] public uint RollupId { get; set; } = 2;
    [JsonPropertyName("l1Rpc")] public string L1Rpc { get; set; } = "http://127.0.0.1:26657";
    /// <summary>RPC URL of a DA node to read pubdata blobs from (default: l1Rpc).</summary>
    [JsonPropertyName("daRpc")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DaRpc { get; set; }
    /// <summary>The L1 key that pays for and signs batch submissions.</summary>
    [JsonPropertyName("operatorKeyFile")] public string OperatorKeyFile { get; set; } = "zk-operator.key";
    [JsonPropertyName("maxBatchOps")] public int MaxBatchOps { get; set; } = 16;
    [JsonPropertyName("batchIntervalMs")] public int BatchIntervalMs { get; set; } = 1_000;
    /// <summary>Batches proven at once; 0 picks one per four cores (at least one).</summary>
    [JsonPropertyName("proverParallelism")] public int ProverParallelism { get; set; }
    [JsonPropertyName("pollIntervalMs")] public int PollIntervalMs { get; set; } = 250;
    [JsonPropertyName("resubmitAfterMs")] public int ResubmitAfterMs { get; set; } = 10_000;
    [JsonPropertyName("proofOptions")] public string ProofOptionsName { get; set; } = "compact";
    /// <summary>Devnet: register the rollup (empty genesis, this exodus delay) with the operator key when L1 does not know it.</summary>
    [JsonPropertyName("registerIfMissing")] public bool RegisterIfMissing { get; set; }
    [JsonPropertyName("exodusDelayBlocks")] public ulong ExodusDelayBlocks { get; set; } = 600;
    [JsonPropertyName("fault")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Fault { get; set; }

    public void Validate(string source)
    {
        if (!Uri.TryCreate(L1Rpc, UriKind.Absolute, out _)) throw new ConfigException($"{source}: zk.l1Rpc must be an absolute URL");
        if (DaRpc is not null && !Uri.TryCreate(DaRpc, UriKind.Absolute, out _)) throw new ConfigException($"{source}: zk.daRpc must be an absolute URL");
        if (string.IsNullOrEmpty(OperatorKeyFile)) throw new ConfigException($"{source}: zk.operatorKeyFile is required");
        if (BatchIntervalMs is < 10 or > 3_600_000) throw new ConfigException($"{source}: zk.batchIntervalMs must be between 10 and 3600000");
        if (PollIntervalMs is < 10 or > 60_000) throw new ConfigException($"{source}: zk.pollIntervalMs must be between 10 and 60000");
        if (ResubmitAfterMs is < 100 or > 3_600_000) throw new ConfigException($"{source}: zk.resubmitAfterMs must be between 100 and 3600000");
        if (ExodusDelayBlocks is 0 or > Lamina.L1.ZkRollups.ZkRollupLimits.MaxExodusDelayBlocks)
            throw new ConfigException($"{source}: zk.exodusDelayBlocks must be between 1 and {Lamina.L1.ZkRollups.ZkRollupLimits.MaxExodusDelayBlocks}");
        if (Fault is not null && !FaultNames.Contains(Fault)) throw new ConfigException($"{source}: zk.fault '{Fault}' is unknown ({string.Join(", ", FaultNames)})");
        _ = ProofOptions(source);
        try
        {
            Options().Validate();
        }
        catch (ArgumentException e)
        {
            throw new ConfigException($"{source}: zk: {e.Message}");
        }
    }

    public ZkFault ParsedFault => Fault switch
    {
        null => ZkFault.None,
        "forged-signature" => ZkFault.ForgedSignature,
        "overdraft" => ZkFault.Overdraft,
        "wrong-root" => ZkFault.WrongRoot,
        "pubdata-mismatch" => ZkFault.PubdataMismatch,
        _ => throw new ConfigException($"zk.fault '{Fault}' is unknown"),
    };

    public ZkOperatorOptions Options() => new(MaxBatchOps, TimeSpan.FromMilliseconds(BatchIntervalMs), ProverParallelism, TimeSpan.FromMilliseconds(PollIntervalMs),
        TimeSpan.FromMilliseconds(ResubmitAfterMs), Fault: ParsedFault);

    /// <summary>The batch proof options; "insecure-fast" proofs are refused by any L1 that asks for real security.</summary>
    public ProofOptions ProofOptions(string source = "config.json") => ProofOptionsName switch
    {
        "default" => Stark.Proofs.ProofOptions.Default,
        "compact" => ZkBatchProver.CompactOptions,
        "insecure-fast" => Stark.Proofs.ProofOptions.InsecureFastForTestsOnly(8, 4),
        _ => throw new ConfigException($"{source}: zk.proofOptions must be \"default\", \"compact\" or \"insecure-fast\""),
    };
}
