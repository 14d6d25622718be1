using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.L1.Genesis;
using Lamina.L1.LightClient;
using Lamina.Node.DataAvailability;
using Lamina.Node.Rpc;
using Spectre.Console;

namespace Lamina.Cli.Commands;

/// <summary>
/// `lamina da sample --height H`: what a light node does for one block. The header comes through the light client
/// (its root of trust: block 1, whose validator set must be the genesis set of the devnet's genesis.json), and s
/// random cells are fetched concurrently from the DA nodes (the devnet's DA nodes proper, da-0 …, as light-0 samples
/// them; else every devnet node whose roles include da; or each --da URL), each checked against that header's data
/// root. One line per sample as it completes, then the confidence. Every call goes through one HttpClient, so the
/// connection the light client opened and those to each DA node are reused rather than set up per client.
/// </summary>
public static class DaSampleCommand
{
    public static Command Create()
    {
        var rpc = new Option<string?>("--rpc") { Description = "Node RPC URL the light client follows (default: the devnet's first node)" };
        var height = new Option<ulong>("--height") { Description = "Block height to sample", Required = true };
        var samples = new Option<int>("--samples") { Description = "How many random cells (Celestia's default: 16)", DefaultValueFactory = _ => LightSampler.DefaultSamples };
        var da = new Option<string[]>("--da") { Description = "A DA node's RPC URL (repeatable; default: the devnet's da nodes)", AllowMultipleArgumentsPerToken = true };
        var genesisFile = new Option<string?>("--genesis") { Description = "genesis.json whose validators anchor the light client (default: the devnet's)" };
        var concurrency = new Option<int>("--concurrency") { Description = "How many samples may be in flight at once (1 asks one after another)", DefaultValueFactory = _ => LightSampler.DefaultSamples };
        var command = new Command("sample", "Sample a block's square from the DA nodes and report the confidence it is available") { rpc, height, samples, da, genesisFile, concurrency };
        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            var h = parse.GetValue(height);
            var s = parse.GetValue(samples);
            if (s is < 1 or > 256) throw new FormatException("--samples must be 1 to 256");
            var inFlight = parse.GetValue(concurrency);
            if (inFlight is < 1 or > 256) throw new FormatException("--concurrency must be 1 to 256");
            using var http = new HttpClient { Timeout = Defaults.RpcTimeout() };
            using var client = new LaminaRpcClient(Defaults.Rpc(parse.GetValue(rpc)), http);
            var genesis = GenesisConfig.Load(parse.GetValue(genesisFile) ?? Path.Combine(Defaults.DevnetHome, "genesis.json"));
            var header = await VerifiedHeaderAsync(client, genesis, h, ct);
            if (header.DataRoot == Core.Hash256.Zero) throw new FormatException($"block {h} carries no blobs: there is nothing to sample");

            var urls = parse.GetValue(da) is { Length: > 0 } given ? given.Select(u => Defaults.Rpc(u)).ToList() : DaNodesOfDevnet();
            if (urls.Count == 0) throw new FormatException("no DA node: pass --da URL, or run the devnet (its nodes run the da role)");
            var clients = urls.Select(u => new LaminaRpcClient(u, http)).ToList();
            try
            {
                var k = (await clients[0].GetSquareAsync(h, ct)).K;
                var progress = new LineProgress(s);
                var sampler = new LightSampler([.. clients.Select(c => new RpcDaShareSource(c))]) { MaxConcurrentRequests = inFlight };
                var report = await sampler.SampleAsync(h, header.DataRoot, k, s, progress, ct);
                var samplesJson = new JsonArray();
                foreach (var o in report.Samples)
                {
                    samplesJson.Add(new JsonObject { ["row"] = o.Row, ["column"] = o.Column, ["source"] = o.Source, ["verified"] = o.Verified, ["failure"] = o.Failure, ["ms"] = Math.Round(o.Elapsed.TotalMilliseconds, 1) });
                }
                var result = new JsonObject
                {
                    ["height"] = h,
                    ["dataRoot"] = header.DataRoot.ToString(),
                    ["k"] = k,
                    ["samples"] = samplesJson,
                    ["verified"] = report.Verified,
                    ["available"] = report.Available,
                    ["confidence"] = report.Confidence,
                    ["elapsedMs"] = Math.Round(report.Elapsed.TotalMilliseconds, 1),
                };
                CliOutput.Write(result, () => AnsiConsole.MarkupLine(report.Available
                    ? $"[green]available[/]: {report.Verified}/{s} samples verified against the header's data root in {report.Elapsed.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)} ms; confidence {report.Confidence.ToString("P6", CultureInfo.InvariantCulture)}"
                    : $"[red]unavailable[/]: only {report.Verified}/{s} samples could be verified"));
                return report.Available ? 0 : 2;
            }
            finally
            {
                foreach (var c in clients) c.Dispose();
            }
        }));
        return command;
    }

    /// <summary>Block <paramref name="height"/>'s header, verified by the light client from block 1 signed by the genesis validators.</summary>
    private static async Task<L1.Blocks.BlockHeader> VerifiedHeaderAsync(LaminaRpcClient client, GenesisConfig genesis, ulong height, CancellationToken ct)
    {
        var provider = new RpcLightBlockProvider(client);
        var first = await provider.GetLightBlockAsync(1, ct);
        HeaderVerifier.CheckSelfConsistent(genesis.ChainId, first);
        if (first.Validators.Hash != genesis.Validators.Hash) throw new LightClientException(LightClientError.BrokenLink, "block 1 is not signed by the genesis validator set");
        var light = new LightClient(genesis.ChainId, first, new LightClientOptions(TimeSpan.FromDays(365)), provider, TimeProvider.System);
        return (await light.VerifyToHeightAsync(height, ct)).Header;
    }

    /// <summary>The devnet's DA nodes proper (role da), as its light node samples them; without any, every node that runs the da role.</summary>
    private static List<Uri> DaNodesOfDevnet()
    {
        var path = Path.Combine(Defaults.DevnetHome, "endpoints.json");
        if (!File.Exists(path)) return [];
        var proper = new List<Uri>();
        var beside = new List<Uri>();
        foreach (var node in JsonNode.Parse(File.ReadAllText(path))?["nodes"]?.AsArray() ?? [])
        {
            if (node?["rpc"]?.GetValue<string>() is not { } rpc || node["roles"] is not JsonArray roles || !roles.Any(r => r?.GetValue<string>() == DaNodeModule.Da)) continue;
            (node["role"]?.GetValue<string>() == DaNodeModule.Da ? proper : beside).Add(new Uri(rpc));
        }
        return proper.Count > 0 ? proper : beside;
    }

    /// <summary>One line per sample as it completes (Spectre markup; on stderr with --json).</summary>
    private sealed class LineProgress(int total) : IProgress<SampleOutcome>
    {
        private int _done;

        public void Report(SampleOutcome value)
        {
            var n = Interlocked.Increment(ref _done);
            var where = $"({value.Row}, {value.Column})";
            CliOutput.Info(value.Verified
                ? $"sample {n}/{total} {where} from {Markup.Escape(value.Source ?? "")}: [green]verified[/] in {value.Elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture)} ms"
                : $"sample {n}/{total} {where}: [red]failed[/] ({Markup.Escape(value.Failure ?? "")})");
        }
    }
}
