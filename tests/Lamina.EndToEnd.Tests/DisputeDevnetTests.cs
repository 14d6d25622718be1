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
/// finalizes. Prints the game's L1 cost per side and its time to resolution (the README's devnet figures). The devnet's
/// genesis derives disputed lists on L1 ("derivedRollupLists"), so every game here is a derived game: the descent
/// carries the batch blobs and L1 builds the block's list itself.
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
        // A derived game: the descent names the batch blob L1 derived the block's list from (or the block derivation built itself).
        Assert.True(game["derivedLists"]!.GetValue<bool>());
        Assert.NotNull(Assert.Single(game["descents"]!.AsArray())!["derivedFrom"]);

        // Defeated: every claim of the liar's is countered and its bond paid to the challenger; none of the challenger's is.
        Assert.All(liarClaims, c => Assert.True(c["countered"]!.GetValue<bool>() && c["paidTo"]!.GetValue<string>() == challenger.ToString(), c.ToJsonString()));
        Assert.All(challengerClaims, c => Assert.True(!c["countered"]!.GetValue<bool>() && c["paidTo"]!.GetValue<string>() == challenger.ToString(), c.ToJsonString()));
        var won = liarClaims.Aggregate(UInt128.Zero, (sum, c) => sum + UInt128.Parse(c["bond"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.True(won >= rollup.ProposerBond);

        // What the game cost each side on L1, from the blocks it was played in; the challenger's balance is exactly
        // its genesis balance plus the liar's bonds minus its fees (it spends on nothing else).
        var createdAt = game["createdAtHeight"]!.GetValue<ulong>();
        var resolvedAt = game["resolvedAtHeight"]!.GetValue<ulong>();
        var played = await DisputeTransactionsAsync(l1, game);
        var costs = Costs(played);
        var derive = Assert.Single(played, t => t.Move is "DeriveAttack" or "DeriveDefend");
        Assert.Equal(challenger, derive.From);
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
        output.WriteLine($"bonds won by the challenger: {won}; the derived descent ({derive.Move}): {derive.Size} bytes, {derive.Gas} gas");
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
        Assert.True(stepped["derivedLists"]!.GetValue<bool>());
        Assert.NotNull(Assert.Single(stepped["descents"]!.AsArray())!["derivedFrom"]);
        var played2 = await DisputeTransactionsAsync(l1, stepped);
        var costs2 = Costs(played2);
        Assert.True(costs2.ContainsKey(challenger) && costs2.ContainsKey(lyingChallenger));
        string Of(Address who) => costs2[who] is var c ? $"{c.Transactions} L1 transactions, {c.Bytes} bytes, {c.Gas} gas, fees {c.Fees}" : "";
        var stepTx = Assert.Single(played2, t => t.Move is "StepAttack" or "StepDefend");
        Assert.Equal(challenger, stepTx.From);
        var derive2 = Assert.Single(played2, t => t.Move is "DeriveAttack" or "DeriveDefend");
        output.WriteLine($"lying challenger's game over output {secondIndex}: {stepped["moves"]} moves, resolved {(await ResolvedTimeAsync(l1, stepped) - stepped["createdTimeMs"]!.GetValue<ulong>()) / 1000.0:F1} s after creation; " +
            $"step: {stepTx.Size} bytes, {stepTx.Gas} gas; derived descent by {(derive2.From == challenger ? "challenger-0" : "the liar")}: {derive2.Size} bytes, {derive2.Gas} gas; " +
            $"challenger-0 (defender): {Of(challenger)}; lying challenger: {Of(lyingChallenger)}; bonds won by challenger-0: {won2}");
        // challenger-0 spends on nothing but its two games: its balance is exactly its genesis balance plus both games'
        // lost bonds minus its fees (its own bonds came back: none of its claims was countered).
        Assert.Equal(Lamina.Cli.NetworkLayout.DevBalance + won + won2 - costs[challenger].Fees - costs2[challenger].Fees, (await l1.GetAccountAsync(challenger)).Balance);
    }

    /// <summary>
    /// `--l2-fault bad-transition`: the sequencer's proposer executes one seeded random transaction of its first output
    /// range with a transaction wrongly (here the deposit this test makes) and defends that faulty history. challenger-0
    /// bisects it over the blocks to the struck block, descends into it with the list L1 derives from the batch blobs,
    /// and bisects its execution down to the struck transaction; the bottom claim is the challenger's, so the liar's only
    /// counter is L1's one step, which L1 executes and refuses (the sequencer's log holds the verdicts). The liar loses on
    /// time, the output is replaced, and the rollup continues: a withdrawal made afterwards is paid on L1 against an
    /// output of the corrected chain.
    /// </summary>
    [Fact]
    public async Task A_bad_transition_is_bisected_to_L1s_one_step_and_defeated_then_a_withdrawal_is_paid_from_the_corrected_chain()
    {
        var port = LaminaProcess.FreePort();
        using var devnet = LaminaProcess.Start("devnet", "--home", Home, "--base-port", port.ToString(CultureInfo.InvariantCulture), "--validators", "1", "--l2-fault", "bad-transition");
        var endpointsFile = Path.Combine(Home, "endpoints.json");
        await Wait.Until(() => Task.FromResult(File.Exists(endpointsFile) && devnet.Output.Contains("Press Ctrl-C")), TimeSpan.FromSeconds(180), () => $"devnet to start; output:\n{devnet.Output}");
        var nodes = JsonNode.Parse(File.ReadAllText(endpointsFile))!["nodes"]!.AsArray();
        string RpcOf(string role) => nodes.Single(n => n!["roles"]!.AsArray().Any(r => r!.GetValue<string>() == role))!["rpc"]!.GetValue<string>();
        using var l1 = new LaminaRpcClient(new Uri(RpcOf("validator")));
        using var liarKey = Lamina.Node.Keys.KeyFile.DevKey(4);
        using var challengerKey = Lamina.Node.Keys.KeyFile.DevKey(Lamina.Cli.DevnetRollup.ChallengerDevKey);
        var (liar, challenger) = (liarKey.Address, challengerKey.Address);
        string[] Common(params string[] args) => [.. args, "--rpc", RpcOf("validator"), "--l2-rpc", RpcOf("sequencer"), "--key", Path.Combine(Home, "dev-keys", "dev-1.key"), "--json"];

        // The first transaction of the rollup: the proposer's first output over it is the faulty one.
        var deposit = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(300), Common("l2", "deposit", "--amount", "500000"));
        Assert.True(deposit.ExitCode == 0, deposit.Output);
        JsonObject? summary = null;
        await Wait.Until(async () =>
        {
            var games = (await l1.CallAsync("dispute_list", 1))!["games"]!.AsArray();
            summary = games.Select(g => g!.AsObject()).FirstOrDefault();
            return summary is not null && summary["status"]!.GetValue<string>() != "open";
        }, TimeSpan.FromSeconds(600), () => $"the game to be resolved; last seen: {summary?.ToJsonString()}; devnet output:\n{devnet.Output}");
        output.WriteLine(summary!.ToJsonString());
        Assert.Equal("challengerWins", summary["status"]!.GetValue<string>());
        Assert.Equal(liar.ToString(), summary["proposer"]!.GetValue<string>());
        var index = summary["outputIndex"]!.GetValue<ulong>();

        // Over RPC: a derived game, bisected down the blocks, one derived descent into the struck block, and its execution
        // bisected to the last level, where the bottom claim is challenger-0's and stands; no step is in the record.
        var game = (await l1.CallAsync("dispute_get", 1, index))!.AsObject();
        Assert.True(game["derivedLists"]!.GetValue<bool>());
        var claims = game["claims"]!.AsArray().Select(c => c!.AsObject()).ToList();
        var (blockDepth, executionDepth) = (game["config"]!["blockDepth"]!.GetValue<int>(), game["config"]!["executionDepth"]!.GetValue<int>());
        var descent = Assert.Single(game["descents"]!.AsArray())!.AsObject();
        Assert.NotNull(descent["derivedFrom"]);
        Assert.Contains(claims, c => c["level"]!.GetValue<string>() == "block" && c["depth"]!.GetValue<int>() == blockDepth);
        var bottom = Assert.Single(claims, c => c["level"]!.GetValue<string>() == "execution" && c["depth"]!.GetValue<int>() == executionDepth);
        Assert.Equal(challenger.ToString(), bottom["claimant"]!.GetValue<string>());
        Assert.False(bottom["countered"]!.GetValue<bool>());
        Assert.DoesNotContain(claims, c => c["level"]!.GetValue<string>() == "execution" && c["steppedBy"] is not null);
        var liarClaims = claims.Where(c => c["claimant"]!.GetValue<string>() == liar.ToString()).ToList();
        Assert.Contains(liarClaims, c => c["level"]!.GetValue<string>() == "execution");
        Assert.All(liarClaims, c => Assert.True(c["countered"]!.GetValue<bool>() && c["paidTo"]!.GetValue<string>() == challenger.ToString(), c.ToJsonString()));
        Assert.All(claims.Where(c => c["claimant"]!.GetValue<string>() == challenger.ToString()), c => Assert.False(c["countered"]!.GetValue<bool>(), c.ToJsonString()));
        // The liar tried L1's one step from the agreed pre-state, and L1, executing the transaction itself, refused it.
        var sequencerLog = File.ReadAllText(nodes.Single(n => n!["name"]!.GetValue<string>() == "sequencer-0")!["log"]!.GetValue<string>());
        Assert.Contains("StepDoesNotCounter", sequencerLog, StringComparison.Ordinal);
        Assert.Contains("from the agreed pre-state", sequencerLog, StringComparison.Ordinal);

        var played = await DisputeTransactionsAsync(l1, game);
        var costs = Costs(played);
        var derive = Assert.Single(played, t => t.Move is "DeriveAttack" or "DeriveDefend");
        Assert.Equal(challenger, derive.From);
        var createdTime = game["createdTimeMs"]!.GetValue<ulong>();
        var lastMove = claims.Max(c => c["createdTimeMs"]!.GetValue<ulong>());
        output.WriteLine($"bad-transition game over output {index} (descent into L2 block {claims[descent["postClaim"]!.GetValue<int>()]["l2BlockNumber"]}): {game["moves"]} moves, bisection {(lastMove - createdTime) / 1000.0:F1} s, " +
            $"resolved {(await ResolvedTimeAsync(l1, game) - createdTime) / 1000.0:F1} s after creation; derived descent {derive.Size} bytes, {derive.Gas} gas; " +
            $"refused liar steps in the sequencer's log: {System.Text.RegularExpressions.Regex.Count(sequencerLog, "StepDoesNotCounter")}");
        foreach (var (who, name) in new[] { (challenger, "challenger"), (liar, "liar") })
        {
            var (count, bytes, gas, fees) = costs.GetValueOrDefault(who);
            output.WriteLine($"{name}: {count} L1 transactions, {bytes} bytes, {gas} gas, fees {fees}");
        }

        // Removed, and the rollup continues: a withdrawal made now is proven against a later, true output and paid on L1.
        Assert.Equal("replaced", (await l1.GetRollupOutputsAsync(1, 0, 1_000)).Items[(int)index].Status);
        var withdraw = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(300), Common("l2", "withdraw", "--amount", "20000"));
        Assert.True(withdraw.ExitCode == 0, withdraw.Output);
        Assert.Contains("claiming on L1", withdraw.Output, StringComparison.Ordinal);
        var outputs = (await l1.GetRollupOutputsAsync(1, 0, 1_000)).Items;
        Assert.Contains(outputs, o => o.Index > index && o.Status == "finalized");
    }

    private static async Task<ulong> ResolvedTimeAsync(LaminaRpcClient l1, JsonObject game) => (await l1.GetBlockAsync(game["resolvedAtHeight"]!.GetValue<ulong>())).TimeMs;

    /// <summary>One L1 dispute transaction of a game: who sent it, its move's kind (null for a create or resolve), size, gas and fee.</summary>
    private sealed record DisputeTx(Address From, string Kind, string? Move, long Size, ulong Gas, UInt128 Fee);

    /// <summary>Every dispute transaction over the heights the game was played in, read from L1's blocks.</summary>
    private static async Task<List<DisputeTx>> DisputeTransactionsAsync(LaminaRpcClient l1, JsonObject game)
    {
        var list = new List<DisputeTx>();
        for (var height = game["createdAtHeight"]!.GetValue<ulong>(); height <= game["resolvedAtHeight"]!.GetValue<ulong>(); height++)
        {
            foreach (var brief in (await l1.GetBlockAsync(height, full: true)).Transactions)
            {
                var tx = await l1.GetTransactionAsync(brief.Hash);
                if (tx is not { Kind: { } kind, From: { } from, Receipt: { } receipt } || !kind.StartsWith("dispute", StringComparison.Ordinal)) continue;
                if (tx.Json["outputIndex"]?.GetValue<string>() is { } index && index != game["outputIndex"]!.GetValue<ulong>().ToString(CultureInfo.InvariantCulture)) continue;
                list.Add(new DisputeTx(from, kind, tx.Json["move"]?.GetValue<string>(), tx.Json["size"]!.GetValue<long>(), receipt.GasUsed, (UInt128)receipt.GasUsed * receipt.EffectiveGasPrice));
            }
        }
        return list;
    }

    /// <summary>Each side's count, bytes, gas and fees.</summary>
    private static Dictionary<Address, (int Transactions, long Bytes, ulong Gas, UInt128 Fees)> Costs(List<DisputeTx> played)
    {
        var costs = new Dictionary<Address, (int Transactions, long Bytes, ulong Gas, UInt128 Fees)>();
        foreach (var tx in played)
        {
            var (count, bytes, gas, fees) = costs.GetValueOrDefault(tx.From);
            costs[tx.From] = (count + 1, bytes + tx.Size, gas + tx.Gas, fees + tx.Fee);
        }
        return costs;
    }
}
