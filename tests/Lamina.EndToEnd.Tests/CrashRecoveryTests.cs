using Lamina.Core;
using Lamina.L1.Chain;
using Lamina.L1.Genesis;
using Lamina.L1.Transactions;
using Lamina.Node.Keys;
using Lamina.Client;
using Lamina.Storage;

namespace Lamina.EndToEnd.Tests;

/// <summary>
/// A real node process is killed with SIGKILL while it produces blocks under a stream of transfers, again and
/// again. Every restart must continue at the right height with the same blocks, no acknowledged transaction may be
/// lost, and replaying the whole chain from its data directory must reproduce every state root.
/// </summary>
public sealed class CrashRecoveryTests() : TempHomeTest("e2e")
{
    [Fact]
    public async Task Node_killed_with_sigkill_mid_production_restarts_with_no_lost_block_transaction_or_state()
    {
        var port = LaminaProcess.FreePort();
        var init = await LaminaProcess.RunAsync(TimeSpan.FromSeconds(60), "init", "--home", Home, "--validators", "1", "--base-port", port.ToString());
        Assert.True(init.ExitCode == 0, init.Output);
        var nodeHome = Path.Combine(Home, "node0");
        var rpcUri = new Uri($"http://127.0.0.1:{port}/rpc");
        using var rpc = new LaminaRpcClient(rpcUri);
        using var sender = KeyFile.Read(Path.Combine(Home, "dev-keys", "dev-1.key"));
        var recipient = Address.Parse("0x00000000000000000000000000000000000c0ffe");

        var acknowledged = new Dictionary<string, ulong>(); // tx hash → height where the node said it is final
        var seenBlocks = new Dictionary<ulong, string>();   // height → hash observed over RPC before a crash
        UInt128 acknowledgedAmount = 0;
        ulong nonce = 0;
        var rounds = 6;
        for (var round = 0; round < rounds; round++)
        {
            using var node = LaminaProcess.Start("node", "--home", nodeHome);
            await Wait.Until(async () => (await rpc.CallAsync("l1_head")) is not null, TimeSpan.FromSeconds(60), () => $"node to answer RPC (round {round}); output:\n{node.Output}");

            // Everything seen before the crash must still be there, unchanged.
            foreach (var (height, hash) in seenBlocks)
            {
                var block = await rpc.CallAsync("l1_getBlock", height);
                Assert.Equal(hash, block!["hash"]!.GetValue<string>());
            }
            foreach (var (txHash, height) in acknowledged)
            {
                var tx = await rpc.CallAsync("l1_getTransaction", txHash);
                Assert.NotNull(tx);
                Assert.Equal("included", tx["status"]!.GetValue<string>());
                Assert.Equal(height, tx["blockHeight"]!.GetValue<ulong>());
            }
            var account = await rpc.CallAsync("l1_getAccount", recipient.ToString());
            Assert.Equal(acknowledgedAmount.ToString(), account!["balance"]!.GetValue<string>());
            nonce = account is null ? 0 : (await rpc.CallAsync("l1_getAccount", sender.Address.ToString()))!["pendingNonce"]!.GetValue<ulong>();

            // Stream transfers; remember the ones the node reports final; kill at an arbitrary moment.
            var pending = new List<(string Hash, UInt128 Amount)>();
            // The kill comes after a round-dependent time, and not before three transfers of this round are final and
            // the head has moved three blocks, so a slow (loaded) machine still makes progress every round; 60 s is the bound on that progress.
            var started = DateTime.UtcNow;
            var until = started.AddMilliseconds(1500 + 400 * round);
            var ackedBefore = acknowledged.Count;
            var heightBefore = seenBlocks.Count == 0 ? 0 : seenBlocks.Keys.Max();
            ulong heightNow = heightBefore;
            var fees = await rpc.CallAsync("l1_feeInfo");
            var chainId = (await rpc.CallAsync("l1_chainId"))!.GetValue<string>();
            while (DateTime.UtcNow < until || acknowledged.Count - ackedBefore < 3 || heightNow < heightBefore + 3)
            {
                Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), $"round {round}: only {acknowledged.Count - ackedBefore} transfers final after 60 s; output:\n{node.Output}");
                var baseFee = fees!["baseFeePerGas"]!.GetValue<ulong>();
                var amount = (UInt128)(nonce + 1);
                var tx = Transaction.Create(sender, chainId, nonce, baseFee * 4 + 10, 2, TransferPayload.Gas, new TransferPayload(recipient, amount));
                string hash;
                try
                {
                    hash = (await rpc.CallAsync("l1_sendTransaction", Hex.Encode(tx.Encoded)))!.GetValue<string>();
                }
                catch (RpcException e)
                {
                    throw new Xunit.Sdk.XunitException($"round {round}, nonce {nonce}, {pending.Count} pending, {acknowledged.Count - ackedBefore} final this round, head {heightNow} (from {heightBefore}): {e.Message}; output:\n{node.Output}");
                }
                pending.Add((hash, amount));
                nonce++;
                foreach (var p in pending.ToArray())
                {
                    var status = await rpc.CallAsync("l1_getTransaction", p.Hash);
                    if (status?["status"]?.GetValue<string>() == "included" && status["finalized"]!.GetValue<bool>())
                    {
                        acknowledged[p.Hash] = status["blockHeight"]!.GetValue<ulong>();
                        acknowledgedAmount += p.Amount;
                        pending.Remove(p);
                    }
                }
                var head = await rpc.CallAsync("l1_head");
                heightNow = head!["height"]!.GetValue<ulong>();
                seenBlocks[heightNow] = head["hash"]!.GetValue<string>();
                fees = await rpc.CallAsync("l1_feeInfo");
                await Task.Delay(20);
            }
            node.Kill();

            // Unacknowledged transactions may or may not have made it; count the ones that did, so the
            // balance check after the restart is exact.
            if (pending.Count > 0)
            {
                using var restarted = LaminaProcess.Start("node", "--home", nodeHome);
                await Wait.Until(async () => (await rpc.CallAsync("l1_head")) is not null, TimeSpan.FromSeconds(60), "node to answer RPC after crash");
                foreach (var p in pending)
                {
                    var status = await rpc.CallAsync("l1_getTransaction", p.Hash);
                    if (status?["status"]?.GetValue<string>() == "included")
                    {
                        acknowledged[p.Hash] = status["blockHeight"]!.GetValue<ulong>();
                        acknowledgedAmount += p.Amount;
                    }
                }
                restarted.Kill();
            }
        }

        Assert.True(acknowledged.Count >= 10, $"only {acknowledged.Count} transfers were confirmed; the node did not make progress");
        Assert.True(seenBlocks.Keys.Max() >= 10, "too few blocks were produced");
        ReplayFromDataDirectory(nodeHome, seenBlocks.Keys.Max());
    }

    /// <summary>
    /// Opens the crashed node's RocksDB and re-executes every block on a fresh in-memory chain: each block must be
    /// valid, carry its commit, and reproduce the state root stored in its header. No divergence is possible.
    /// </summary>
    private static void ReplayFromDataDirectory(string nodeHome, ulong atLeastHeight)
    {
        var genesis = GenesisConfig.Load(Path.Combine(nodeHome, "genesis.json"));
        using var disk = RocksDbStore.Open(Path.Combine(nodeHome, "data"));
        var stored = new ChainStore(disk);
        var head = stored.GetHead() ?? throw new InvalidOperationException("no head after crashes");
        Assert.True(head.Height >= atLeastHeight, $"head {head.Height} is below a height seen before a crash ({atLeastHeight})");

        using var memory = new InMemoryStore();
        var replay = new Blockchain(new ChainStore(memory), genesis, TimeProvider.System);
        Assert.Equal(stored.GetBlockHash(0), replay.Head.Hash);
        for (ulong h = 1; h <= head.Height; h++)
        {
            var block = stored.GetBlock(h) ?? throw new InvalidOperationException($"block {h} missing below the head");
            var commit = stored.GetCommit(h) ?? throw new InvalidOperationException($"commit {h} missing");
            replay.ImportBlock(block, commit);
            Assert.Equal(block.Header.StateRoot, replay.Head.Header.StateRoot);
        }
        Assert.Equal(head.Hash, replay.Head.Hash);
    }
}
