using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Core;
using Xunit.Abstractions;

namespace Lamina.EndToEnd.Tests;

/// <summary>
/// Issue 14's real-process test: `lamina devnet --l2-fault wrong-root` starts sequencer-0 as a liar (its first output
/// root is wrong and it defends it in the game with its own lying history), and the default challenger-0 disputes it,
/// bisects it over the L2 blocks and then the disagreed block's execution, and wins on L1; all of it is read over RPC
/// (dispute_list, dispute_get, rollup_getOutputs, l1_getAccount). Then the rollup continues: a later, right output
/// finalizes. Prints the game's L1 cost per side and its time to resolution (the README's devnet figures).
/// </summary>
public sealed class DisputeDevnetTests(ITestOutputHelper output) : TempHomeTest("dispute")
{
    [Fact]
    public async Task A_wrong_root_sequencer_is_challenged_bisected_and_defeated_by_the_default_challenger_then_the_rollup_continues()
    {
        var port = LaminaProcess.FreePort();
        using var devnet = LaminaProcess.Start("devnet", "--home", Home, "--base-port", port.ToString(CultureInfo.InvariantCulture), "--validators", "1", "--l2-fault", "wrong-root", "--challenger-fault", "lie");
        var endpointsFile = Path.Combine(Home, "endpoints.json");
        await Wait.Until(() => Task.FromResult(File.Exists(endpointsFile) && devnet.Output.Contains("Press Ctrl-C")), TimeSpan.FromSeconds(180), () => $"devnet to start; output:\n{devnet.Output}");
        var nodes = JsonNode.Parse(File.ReadAllText(endpointsFile))!["nodes"]!.AsArray();
        string RpcOf(string role) => nodes.Single(n => n!["roles"]!.AsArray().Any(r => r!.GetValue<string>() == role))!["rpc"]!.GetValue<string>();
        using var l1 = new LaminaRpcClient(new Uri(RpcOf("validator")));
        using var liarKey = Lamina.Node.Keys.KeyFile.DevKey(4); // the batch poster sequencer-0 proposes with
        using var challengerKey = Lamina.Node.Keys.KeyFile.DevKey(Lamina.Cli.DevnetRollup.ChallengerDevKey);
        var (liar, challenger) = (liarKey.Address, challengerKey.Address);

        // An L2 deposit, so the blocks after the first game have a transaction for the lying challenger's step.
        var deposit = LaminaProcess.RunAsync(TimeSpan.FromSeconds(300), "l2", "deposit", "--amount", "500000", "--rpc", RpcOf("validator"), "--l2-rpc", RpcOf("sequencer"),
            "--key", Path.Combine(Home, "dev-keys", "dev-1.key"), "--json");
        var rollup = await l1.GetRollupAsync(1);
        Assert.Equal((Lamina.Cli.DevnetRollup.DisputeClockSeconds, Lamina.Cli.DevnetRollup.DisputeExtensionSeconds), rollup.DisputeClock);

        // The game, live: the first output is the lie, and challenger-0 opens a game against it within its window.
        var maxOpenMoves = 0;
        JsonObject? summary = null;
        await Wait.Until(async () =>
        {
            var games = (await l1.CallAsync("dispute_list", 1))!["games"]!.AsArray();
            if (games.Count == 0) return false;
            summary = games[0]!.AsObject();
            if (summary["status"]!.GetValue<string>() == "open") maxOpenMoves = Math.Max(maxOpenMoves, summary["moves"]!.GetValue<int>());
            return summary["status"]!.GetValue<string>() != "open";
        }, TimeSpan.FromSeconds(600), () => $"the game to be resolved; last seen: {summary?.ToJsonString()}; devnet output:\n{devnet.Output}");
        output.WriteLine(summary!.ToJsonString());
        Assert.Equal("challengerWins", summary["status"]!.GetValue<string>());
        Assert.Equal(1UL, summary["outputIndex"]!.GetValue<ulong>());
        Assert.Equal(liar.ToString(), summary["proposer"]!.GetValue<string>());
        Assert.True(maxOpenMoves > 0, "the game was never seen open with moves over RPC");

        // Bisected: both sides made claims down every block level, into the block's execution, to its last level.
        var game = (await l1.CallAsync("dispute_get", 1, 1))!.AsObject();
        var claims = game["claims"]!.AsArray().Select(c => c!.AsObject()).ToList();
        var blockDepth = game["config"]!["blockDepth"]!.GetValue<int>();
        var executionDepth = game["config"]!["executionDepth"]!.GetValue<int>();
        Assert.Equal(30_000UL, game["config"]!["maxClockMs"]!.GetValue<ulong>());
        Assert.Equal(10_000UL, game["config"]!["extensionMs"]!.GetValue<ulong>());
        string Claimant(JsonObject c) => c["claimant"]!.GetValue<string>();
        var liarClaims = claims.Where(c => Claimant(c) == liar.ToString()).ToList();
        var challengerClaims = claims.Where(c => Claimant(c) == challenger.ToString()).ToList();
        Assert.Equal(claims.Count, liarClaims.Count + challengerClaims.Count);
        Assert.True(liarClaims.Count >= blockDepth / 2 && challengerClaims.Count >= blockDepth / 2, $"{liarClaims.Count} liar and {challengerClaims.Count} challenger claims");
        Assert.Contains(claims, c => c["level"]!.GetValue<string>() == "block" && c["depth"]!.GetValue<int>() == blockDepth);
        Assert.Contains(claims, c => c["level"]!.GetValue<string>() == "execution" && c["depth"]!.GetValue<int>() == executionDepth);
        Assert.Single(game["descents"]!.AsArray());

        // Defeated: every claim of the liar's is countered and its bond paid to the challenger; none of the challenger's is.
        Assert.All(liarClaims, c => Assert.True(c["countered"]!.GetValue<bool>() && c["paidTo"]!.GetValue<string>() == challenger.ToString(), c.ToJsonString()));
        Assert.All(challengerClaims, c => Assert.True(!c["countered"]!.GetValue<bool>() && c["paidTo"]!.GetValue<string>() == challenger.ToString(), c.ToJsonString()));
        var won = liarClaims.Aggregate(UInt128.Zero, (sum, c) => sum + UInt128.Parse(c["bond"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.True(won >= rollup.ProposerBond);

        // What the game cost each side on L1, from the blocks it was played in; the challenger's balance is exactly
        // its genesis balance plus the liar's bonds minus its fees (it spends on nothing else).
        var createdAt = game["createdAtHeight"]!.GetValue<ulong>();
        var resolvedAt = game["resolvedAtHeight"]!.GetValue<ulong>();
        var costs = new Dictionary<Address, (int Transactions, long Bytes, ulong Gas, UInt128 Fees)>();
        for (var height = createdAt; height <= resolvedAt; height++)
        {
            foreach (var brief in (await l1.GetBlockAsync(height, full: true)).Transactions)
            {
                var tx = await l1.GetTransactionAsync(brief.Hash);
                if (tx is not { Kind: { } kind, From: { } from, Receipt: { } receipt } || !kind.StartsWith("dispute", StringComparison.Ordinal)) continue;
                var (count, bytes, gas, fees) = costs.GetValueOrDefault(from);
                costs[from] = (count + 1, bytes + tx.Json["size"]!.GetValue<long>(), gas + receipt.GasUsed, fees + (UInt128)receipt.GasUsed * receipt.EffectiveGasPrice);
            }
        }
        var createdTime = game["createdTimeMs"]!.GetValue<ulong>();
        var resolvedTime = (await l1.GetBlockAsync(resolvedAt)).TimeMs;
        var lastMove = claims.Max(c => c["createdTimeMs"]!.GetValue<ulong>());
        output.WriteLine($"game over output 1: {game["moves"]} moves, created at L1 {createdAt}, resolved at {resolvedAt}; bisection {(lastMove - createdTime) / 1000.0:F1} s, " +
            $"resolved {(resolvedTime - createdTime) / 1000.0:F1} s after creation (bound {game["resolutionBoundMs"]!.GetValue<ulong>() / 1000} s)");
        foreach (var (who, name) in new[] { (challenger, "challenger"), (liar, "liar") })
        {
            var (count, bytes, gas, fees) = costs.GetValueOrDefault(who);
            output.WriteLine($"{name}: {count} L1 transactions, {bytes} bytes, {gas} gas, fees {fees}");
        }
        output.WriteLine($"bonds won by the challenger: {won}");
        Assert.True(costs.ContainsKey(challenger) && costs.ContainsKey(liar));

        // Removed: the lie is replaced (with every output built on it), and the rollup continues: a later, right
        // output finalizes, and the verifier finds no mismatch past the lie.
        var outputs = (await l1.GetRollupOutputsAsync(1, 0, 1_000)).Items;
        Assert.Equal("replaced", outputs[1].Status);
        await Wait.Until(async () => (await l1.GetRollupOutputsAsync(1, 0, 1_000)).Items.Any(o => o.Index > 1 && o.Status == "finalized"), TimeSpan.FromSeconds(180),
            () => $"a later output to finalize; devnet output:\n{devnet.Output}");
        using var verifier = new LaminaRpcClient(new Uri(RpcOf("verifier")));
        var finalized = (await l1.GetRollupOutputsAsync(1, 0, 1_000)).Items.Last(o => o.Status == "finalized");
        await Wait.Until(async () => (await verifier.GetL2HeadAsync()).Safe.Number >= finalized.L2BlockNumber, TimeSpan.FromSeconds(60), "the verifier to reach the finalized output");
        Assert.Equal(finalized.OutputRoot.ToString(), (await verifier.CallAsync("l2_getBlock", finalized.L2BlockNumber))!["outputRoot"]!.GetValue<string>());
        Assert.DoesNotContain((await verifier.GetL2HeadAsync()).Mismatches, m => m.L2BlockNumber != outputs[1].L2BlockNumber);

        // The second game: challenger-1 (--challenger-fault lie) disputes a correct output and plays its lie down to the
        // execution level's last claim, which challenger-0, standing behind the correct root, steps: L1 runs the one step.
        var depositRun = await deposit;
        Assert.True(depositRun.ExitCode == 0, depositRun.Output);
        using var liarChallengerKey = Lamina.Node.Keys.KeyFile.DevKey(Lamina.Cli.DevnetRollup.FaultyChallengerDevKey);
        var lyingChallenger = liarChallengerKey.Address;
        JsonObject? second = null;
        await Wait.Until(async () =>
        {
            var games = (await l1.CallAsync("dispute_list", 1))!["games"]!.AsArray();
            second = games.Select(g => g!.AsObject()).FirstOrDefault(g => g["outputIndex"]!.GetValue<ulong>() != 1);
            return second is not null && second["status"]!.GetValue<string>() != "open";
        }, TimeSpan.FromSeconds(600), () => $"the lying challenger's game to be resolved; last seen: {second?.ToJsonString()}; devnet output:\n{devnet.Output}");
        output.WriteLine(second!.ToJsonString());
        Assert.Equal("defenderWins", second["status"]!.GetValue<string>());
        var secondIndex = second["outputIndex"]!.GetValue<ulong>();
        var stepped = (await l1.CallAsync("dispute_get", 1, secondIndex))!.AsObject();
        var secondClaims = stepped["claims"]!.AsArray().Select(c => c!.AsObject()).ToList();
        var liarClaims2 = secondClaims.Where(c => Claimant(c) == lyingChallenger.ToString()).ToList();
        var defenderClaims = secondClaims.Where(c => Claimant(c) == challenger.ToString()).ToList();
        Assert.Equal(lyingChallenger.ToString(), Claimant(secondClaims[1]));
        // The verdict: L1 executed the step against the liar's claim at the execution level's maximum depth.
        var steppedClaim = Assert.Single(secondClaims, c => c["steppedBy"] is { } by && by.GetValue<string>() == challenger.ToString());
        Assert.Equal(lyingChallenger.ToString(), Claimant(steppedClaim));
        Assert.Equal(("execution", executionDepth), (steppedClaim["level"]!.GetValue<string>(), steppedClaim["depth"]!.GetValue<int>()));
        // Bonds: every claim of the liar's is countered and paid to challenger-0; none of challenger-0's is countered.
        Assert.All(liarClaims2, c => Assert.True(c["countered"]!.GetValue<bool>() && c["paidTo"]!.GetValue<string>() == challenger.ToString(), c.ToJsonString()));
        Assert.All(defenderClaims, c => Assert.False(c["countered"]!.GetValue<bool>(), c.ToJsonString()));
        Assert.Equal(secondClaims.Count - 1, liarClaims2.Count + defenderClaims.Count); // the root is the sequencer's
        var won2 = liarClaims2.Aggregate(UInt128.Zero, (sum, c) => sum + UInt128.Parse(c["bond"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        // The correct root stands (finalized at once) and the rollup goes on: a later output finalizes too.
        var after = (await l1.GetRollupOutputsAsync(1, 0, 1_000)).Items;
        Assert.Equal("finalized", after[(int)secondIndex].Status);
        await Wait.Until(async () => (await l1.GetRollupOutputsAsync(1, 0, 1_000)).Items.Any(o => o.Index > secondIndex && o.Status == "finalized"), TimeSpan.FromSeconds(180),
            () => $"an output after the second game to finalize; devnet output:\n{devnet.Output}");
        var costs2 = await CostsAsync(l1, stepped);
        Assert.True(costs2.ContainsKey(challenger) && costs2.ContainsKey(lyingChallenger));
        string Of(Address who) => costs2[who] is var c ? $"{c.Transactions} L1 transactions, {c.Bytes} bytes, {c.Gas} gas, fees {c.Fees}" : "";
        var stepTx = await StepTransactionAsync(l1, stepped);
        output.WriteLine($"lying challenger's game over output {secondIndex}: {stepped["moves"]} moves, resolved {(await ResolvedTimeAsync(l1, stepped) - stepped["createdTimeMs"]!.GetValue<ulong>()) / 1000.0:F1} s after creation; " +
            $"step: {stepTx.Size} bytes, {stepTx.Gas} gas; challenger-0 (defender): {Of(challenger)}; lying challenger: {Of(lyingChallenger)}; bonds won by challenger-0: {won2}");
        // challenger-0 spends on nothing but its two games: its balance is exactly its genesis balance plus both games'
        // lost bonds minus its fees (its own bonds came back: none of its claims was countered).
        Assert.Equal(Lamina.Cli.NetworkLayout.DevBalance + won + won2 - costs[challenger].Fees - costs2[challenger].Fees, (await l1.GetAccountAsync(challenger)).Balance);
    }

    private static async Task<ulong> ResolvedTimeAsync(LaminaRpcClient l1, JsonObject game) => (await l1.GetBlockAsync(game["resolvedAtHeight"]!.GetValue<ulong>())).TimeMs;

    /// <summary>The L1 dispute transactions of each side over the heights the game was played in: count, bytes, gas, fees.</summary>
    private static async Task<Dictionary<Address, (int Transactions, long Bytes, ulong Gas, UInt128 Fees)>> CostsAsync(LaminaRpcClient l1, JsonObject game)
    {
        var costs = new Dictionary<Address, (int Transactions, long Bytes, ulong Gas, UInt128 Fees)>();
        for (var height = game["createdAtHeight"]!.GetValue<ulong>(); height <= game["resolvedAtHeight"]!.GetValue<ulong>(); height++)
        {
            foreach (var brief in (await l1.GetBlockAsync(height, full: true)).Transactions)
            {
                var tx = await l1.GetTransactionAsync(brief.Hash);
                if (tx is not { Kind: { } kind, From: { } from, Receipt: { } receipt } || !kind.StartsWith("dispute", StringComparison.Ordinal)) continue;
                var (count, bytes, gas, fees) = costs.GetValueOrDefault(from);
                costs[from] = (count + 1, bytes + tx.Json["size"]!.GetValue<long>(), gas + receipt.GasUsed, fees + (UInt128)receipt.GasUsed * receipt.EffectiveGasPrice);
            }
        }
        return costs;
    }

    /// <summary>The step's L1 transaction (the largest dispute move the defender sent): its size and gas.</summary>
    private static async Task<(long Size, ulong Gas)> StepTransactionAsync(LaminaRpcClient l1, JsonObject game)
    {
        (long Size, ulong Gas) best = default;
        for (var height = game["createdAtHeight"]!.GetValue<ulong>(); height <= game["resolvedAtHeight"]!.GetValue<ulong>(); height++)
        {
            foreach (var brief in (await l1.GetBlockAsync(height, full: true)).Transactions)
            {
                var tx = await l1.GetTransactionAsync(brief.Hash);
                if (tx is not { Kind: "disputemove", Receipt: { } receipt }) continue;
                if (receipt.GasUsed >= 150_000 && tx.Json["size"]!.GetValue<long>() > best.Size) best = (tx.Json["size"]!.GetValue<long>(), receipt.GasUsed);
            }
        }
        return best;
    }
}
