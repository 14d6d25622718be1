using System.CommandLine;
using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Client.Views;
using Spectre.Console;

namespace Lamina.Cli.Commands;

/// <summary>
/// `lamina zk status`: what L1 holds for the rollup (proven batches, the priority queue with its serials, exodus:
/// frozen, or the height it would freeze at), then, when the operator answers, its pending head, the latest batches
/// and an account. L1's part needs no operator, so it is also what a user reads after the operator is gone.
/// </summary>
public static class ZkStatusCommand
{
    public static Command Create()
    {
        var account = new Option<uint?>("--account") { Description = "Also show this account index (from the operator)" };
        var batches = new Option<int>("--batches") { Description = "How many of the latest batches to list", DefaultValueFactory = _ => 5 };
        var rollupId = new Option<uint>("--rollup-id") { Description = "The ZK rollup id, when the operator does not answer", DefaultValueFactory = _ => DevnetZk.RollupId };
        var zk = new ZkOperatorCliOptions();
        var command = new Command("status", "The ZK rollup: proven head, priority queue and exodus on L1; the operator's pending head and latest batches") { account, batches, rollupId };
        zk.AddTo(command);
        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            using var op = zk.Operator(parse);
            using var l1 = zk.L1(parse);
            ZkOperatorHeadView? head = null;
            string? unreachable = null;
            try
            {
                head = await op.GetZkOperatorHeadAsync(ct);
            }
            catch (RpcClientException e)
            {
                unreachable = e.Message;
            }
            var rollup = await l1.GetZkRollupAsync(head?.RollupId ?? parse.GetValue(rollupId), ct);
            var queue = await l1.GetZkPriorityQueueAsync(rollup.RollupId, null, 20, ct);
            var json = new JsonObject
            {
                ["rollupId"] = rollup.RollupId,
                ["provenBatches"] = rollup.Batches,
                ["stateRoot"] = rollup.StateRoot.ToString(),
                ["frozen"] = rollup.Frozen,
                ["frozenAtHeight"] = rollup.FrozenAtHeight,
                ["exodusDeadline"] = rollup.ExodusDeadline,
                ["escrowed"] = rollup.Escrowed.ToString(),
                ["waiting"] = new JsonArray([.. queue.Items.Where(q => q.Status == "pending").Select(q => (JsonNode)new JsonObject { ["serial"] = q.Serial, ["kind"] = q.Kind, ["queuedAtHeight"] = q.QueuedAtHeight })]),
                ["operator"] = unreachable is null ? "up" : $"unreachable: {unreachable}",
            };
            var list = new List<ZkOperatorBatchView>();
            ZkAccountView? acct = null;
            if (head is not null)
            {
                for (ulong n = head.Pending.Batches; n-- > 0 && list.Count < Math.Max(0, parse.GetValue(batches));) list.Add(await op.GetZkOperatorBatchAsync(n, ct));
                acct = parse.GetValue(account) is { } index ? await op.GetZkAccountAsync(index, ct) : null;
                json["pendingRoot"] = head.Pending.StateRoot;
                json["pendingOperations"] = head.Pending.Unbatched;
                json["batches"] = head.Pending.Batches;
                json["lastError"] = head.LastError;
                json["halted"] = head.Halted;
                json["latest"] = new JsonArray([.. list.Select(b => (JsonNode)new JsonObject { ["number"] = b.Number, ["phase"] = b.Phase, ["ops"] = b.OpCount, ["proofBytes"] = b.ProofBytes, ["proveMs"] = b.ProveMs, ["l1Height"] = b.L1Height, ["l1VerifyUs"] = b.L1VerifyMicroseconds, ["l1Gas"] = b.L1Gas })]);
                if (acct is not null) json["account"] = new JsonObject { ["index"] = acct.Index, ["publicKey"] = acct.PublicKey, ["balance"] = acct.Balance, ["nonce"] = acct.Nonce };
            }
            CliOutput.Write(json, () =>
            {
                AnsiConsole.Write(CliOutput.KeyValues(json));
                foreach (var q in queue.Items.Where(q => q.Status == "pending"))
                    AnsiConsole.MarkupLine($"waiting on L1: {q.Kind} serial {q.Serial}, queued at height {q.QueuedAtHeight}{(rollup.Frozen ? " (refund it with `lamina zk exodus --refund " + q.Serial + "`)" : "")}");
                if (head is null) return;
                var table = new Table().AddColumns("batch", "phase", "ops", "proof bytes", "prove ms", "L1 height", "L1 verify µs", "L1 gas");
                foreach (var b in list) table.AddRow(b.Number.ToString(), b.Phase, b.OpCount.ToString(), b.ProofBytes.ToString(), b.ProveMs.ToString(), b.L1Height?.ToString() ?? "—", b.L1VerifyMicroseconds?.ToString() ?? "—", b.L1Gas?.ToString() ?? "—");
                AnsiConsole.Write(table);
                if (acct is not null) AnsiConsole.MarkupLine($"account {acct.Index}: balance {acct.Balance}, nonce {acct.Nonce}{(acct.Exists ? "" : " (empty)")}");
            });
            return 0;
        }));
        return command;
    }
}
