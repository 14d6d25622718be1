using System.CommandLine;
using System.Text.Json.Nodes;
using Lamina.Client.Views;
using Spectre.Console;

namespace Lamina.Cli.Commands;

/// <summary>`lamina zk status`: the operator's pending head, the proven head on L1 (priority queue, exodus), the latest batches, and an account.</summary>
public static class ZkStatusCommand
{
    public static Command Create()
    {
        var account = new Option<uint?>("--account") { Description = "Also show this account index" };
        var batches = new Option<int>("--batches") { Description = "How many of the latest batches to list", DefaultValueFactory = _ => 5 };
        var zk = new ZkOperatorCliOptions();
        var command = new Command("status", "The ZK rollup: pending and proven heads, the priority queue, exodus, the latest batches") { account, batches };
        zk.AddTo(command);
        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            using var op = zk.Operator(parse);
            ZkOperatorHeadView head = await op.GetZkOperatorHeadAsync(ct);
            var list = new List<ZkOperatorBatchView>();
            for (ulong n = head.Pending.Batches; n-- > 0 && list.Count < Math.Max(0, parse.GetValue(batches));) list.Add(await op.GetZkOperatorBatchAsync(n, ct));
            ZkAccountView? acct = parse.GetValue(account) is { } index ? await op.GetZkAccountAsync(index, ct) : null;
            var json = new JsonObject
            {
                ["rollupId"] = head.RollupId,
                ["pendingRoot"] = head.Pending.StateRoot,
                ["pendingOperations"] = head.Pending.Unbatched,
                ["batches"] = head.Pending.Batches,
                ["provenBatches"] = head.Proven?.Batches,
                ["provenRoot"] = head.Proven?.StateRoot,
                ["priorityOpsWaiting"] = head.Proven?.PriorityOpsWaiting,
                ["frozen"] = head.Proven?.Frozen,
                ["lastError"] = head.LastError,
            };
            var rows = new JsonArray();
            foreach (var b in list)
                rows.Add(new JsonObject { ["number"] = b.Number, ["phase"] = b.Phase, ["ops"] = b.OpCount, ["proofBytes"] = b.ProofBytes, ["proveMs"] = b.ProveMs, ["l1Height"] = b.L1Height, ["l1VerifyUs"] = b.L1VerifyMicroseconds });
            json["latest"] = rows;
            if (acct is not null) json["account"] = new JsonObject { ["index"] = acct.Index, ["publicKey"] = acct.PublicKey, ["balance"] = acct.Balance, ["nonce"] = acct.Nonce };
            CliOutput.Write(json, () =>
            {
                AnsiConsole.Write(CliOutput.KeyValues(json));
                var table = new Table().AddColumns("batch", "phase", "ops", "proof bytes", "prove ms", "L1 height", "L1 verify µs");
                foreach (var b in list) table.AddRow(b.Number.ToString(), b.Phase, b.OpCount.ToString(), b.ProofBytes.ToString(), b.ProveMs.ToString(), b.L1Height?.ToString() ?? "—", b.L1VerifyMicroseconds?.ToString() ?? "—");
                AnsiConsole.Write(table);
                if (acct is not null) AnsiConsole.MarkupLine($"account {acct.Index}: balance {acct.Balance}, nonce {acct.Nonce}{(acct.Exists ? "" : " (empty)")}");
            });
            return 0;
        }));
        return command;
    }
}
