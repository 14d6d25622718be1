using System.CommandLine;
using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Client.Views;
using Lamina.Core;
using Lamina.L1.Rollups;
using Lamina.L2.Optimistic;
using Lamina.L2.Optimistic.Chain;
using Lamina.Node.Keys;
using Spectre.Console;

namespace Lamina.Cli.Commands;

/// <summary>
/// `lamina l2 deposit|transfer|withdraw|status|disputes`: the optimistic rollup from a user's side. L1 is reached with --rpc
/// (default: the devnet's first node), the rollup's sequencer with --l2-rpc (default: the devnet's sequencer node).
/// Each command waits where it must and says for what: a deposit until the sequencer credits it, a transfer until it
/// is safe (derived from final L1), a withdrawal until an output root covering it has finalized and L1 has paid it.
/// </summary>
public static class L2Command
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    public static Command Create()
    {
        var command = new Command("l2", "The optimistic rollup: deposit from L1, transfer on L2, withdraw to L1, status, dispute games");
        command.Subcommands.Add(Deposit());
        command.Subcommands.Add(Transfer(withdraw: false));
        command.Subcommands.Add(Transfer(withdraw: true));
        command.Subcommands.Add(Status());
        command.Subcommands.Add(L2DisputesCommand.Create());
        return command;
    }

    private sealed class L2Options
    {
        public Option<string?> L2Rpc { get; } = new("--l2-rpc") { Description = "The sequencer's RPC URL (default: the devnet's sequencer node)" };
        public Option<ulong> Rollup { get; } = new("--rollup") { Description = "Rollup id", DefaultValueFactory = _ => 1 };

        public void AddTo(Command command)
        {
            command.Options.Add(L2Rpc);
            command.Options.Add(Rollup);
        }

        public LaminaRpcClient Sequencer(ParseResult parse) => new(L2Endpoint(parse.GetValue(L2Rpc)), Defaults.RpcTimeout());
    }

    /// <summary>--l2-rpc, else the devnet's first node with the sequencer role in endpoints.json.</summary>
    private static Uri L2Endpoint(string? explicitUrl)
    {
        if (!string.IsNullOrEmpty(explicitUrl)) return Defaults.Rpc(explicitUrl);
        var endpoints = Path.Combine(Defaults.DevnetHome, "endpoints.json");
        if (File.Exists(endpoints) && JsonNode.Parse(File.ReadAllText(endpoints))?["nodes"] is JsonArray nodes)
        {
            foreach (var node in nodes)
            {
                if (node?["roles"] is JsonArray roles && roles.Any(r => r?.GetValue<string>() == "sequencer") && node["rpc"] is JsonValue rpc) return new Uri(rpc.GetValue<string>());
            }
        }
        throw new FormatException("no sequencer found: pass --l2-rpc, or run `lamina devnet` (its endpoints.json names the sequencer)");
    }

    private static Command Deposit()
    {
        var to = new Option<string?>("--to") { Description = "L2 recipient (default: the sender's own address)" };
        var amount = new Option<ulong>("--amount") { Description = "Amount in base units", Required = true };
        var tx = new TxOptions();
        var l2 = new L2Options();
        var command = new Command("deposit", "Lock funds in the rollup's L1 escrow and wait until the sequencer credits them on L2") { to, amount };
        tx.AddTo(command);
        l2.AddTo(command);
        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            using var key = KeyFile.Read(parse.GetValue(tx.Key) ?? Defaults.DevKey);
            var recipient = parse.GetValue(to) is { } text ? Address.Parse(text) : key.Address;
            using var sequencer = l2.Sequencer(parse);
            var before = (await sequencer.GetL2AccountAsync(recipient, ct)).Balance;
            var code = await tx.SendAsync(parse, new RollupDepositPayload(parse.GetValue(l2.Rollup), recipient, parse.GetValue(amount)), ct);
            if (code != 0 || parse.GetValue(tx.NoWait)) return code;
            var account = await WaitAsync($"Waiting for the sequencer to credit {parse.GetValue(amount)} to {recipient} on L2…",
                () => sequencer.GetL2AccountAsync(recipient, ct), a => a.Balance >= before + parse.GetValue(amount), ct);
            CliOutput.Write(new JsonObject { ["l2Recipient"] = recipient.ToString(), ["l2Balance"] = account.Balance },
                () => AnsiConsole.MarkupLine($"[green]Credited[/] on L2: {recipient} now holds {account.Balance}"));
            return 0;
        }));
        return command;
    }

    private static Command Transfer(bool withdraw)
    {
        var to = new Option<string?>("--to") { Description = withdraw ? "L1 recipient (default: the sender's own address)" : "L2 recipient", Required = !withdraw };
        var amount = new Option<ulong>("--amount") { Description = "Amount in base units", Required = true };
        var fee = new Option<ulong?>("--fee") { Description = "L2 fee for the sequencer (default: the rollup's registered fee at twice the current blob base fee)" };
        var tx = new TxOptions();
        var l2 = new L2Options();
        var command = new Command(withdraw ? "withdraw" : "transfer", withdraw
            ? "Burn funds on L2 and wait until an output root covering it finalizes on L1, then claim them on L1"
            : "Send an L2 transfer to the sequencer and wait until it is safe (derived from final L1)") { to, amount, fee };
        tx.AddTo(command);
        l2.AddTo(command);
        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            using var key = KeyFile.Read(parse.GetValue(tx.Key) ?? Defaults.DevKey);
            var recipient = parse.GetValue(to) is { } text ? Address.Parse(text) : key.Address;
            var rollupId = parse.GetValue(l2.Rollup);
            using var l1 = Defaults.RpcClient(parse.GetValue(tx.Rpc));
            using var sequencer = l2.Sequencer(parse);
            var rollup = await l1.GetRollupAsync(rollupId, ct);
            var nonce = (await sequencer.GetL2AccountAsync(key.Address, ct)).Nonce;
            var l2Fee = parse.GetValue(fee) ?? await DefaultFeeAsync(l1, rollup, ct);
            var item = withdraw
                ? OptimisticBatchItem.From(OptimisticWithdrawal.Create(key, rollup.L2ChainId, rollupId, recipient, parse.GetValue(amount), l2Fee, nonce))
                : OptimisticBatchItem.From(OptimisticTransfer.Create(key, rollup.L2ChainId, rollupId, recipient, parse.GetValue(amount), l2Fee, nonce));
            var sent = await sequencer.SendL2TransactionAsync(L2Transaction.FromSequenced(item).Encode(), ct);
            CliOutput.Info($"[green]Accepted[/] by the sequencer: {sent.Hash} (nonce {nonce}); soft-confirmed");
            if (parse.GetValue(tx.NoWait)) return 0;
            var safe = await WaitAsync("Waiting until the batch carrying it is on L1 and derived (safe)…",
                () => sequencer.GetL2TransactionAsync(sent.Hash, ct), t => t.Status == "safe", ct);
            CliOutput.Info($"[green]Safe[/] in L2 block {safe.BlockNumber}");
            if (!withdraw)
            {
                CliOutput.Write(new JsonObject { ["hash"] = sent.Hash.ToString(), ["status"] = "safe", ["blockNumber"] = safe.BlockNumber }, () => { });
                return 0;
            }
            var receipt = new OptimisticWithdrawalReceipt(key.Address, recipient, parse.GetValue(amount), nonce);
            return await ClaimAsync(parse, tx, l1, sequencer, rollup, receipt, safe.BlockNumber!.Value, ct);
        }));
        return command;
    }

    /// <summary>
    /// The registered fee at twice the newest L1 block's blob base fee: the sequencer checks the fee at the price of
    /// the L1 origin its block takes, which may be a little later and dearer than the block read here.
    /// </summary>
    private static async Task<ulong> DefaultFeeAsync(LaminaRpcClient l1, RollupView rollup, CancellationToken ct)
    {
        if (rollup.L2Fees == RollupFeesView.Free) return 0;
        var head = await l1.GetRollupL1BlockAsync(rollup.RollupId, rollup.Height ?? (await l1.GetRollupAsync(rollup.RollupId, ct)).Height!.Value, ct);
        return rollup.L2Fees.RequiredFee(head.BlobBaseFee > ulong.MaxValue / 2 ? ulong.MaxValue : head.BlobBaseFee * 2);
    }

    /// <summary>Waits for an output root covering the withdrawal to finalize (saying when it will), then claims it on L1.</summary>
    private static async Task<int> ClaimAsync(ParseResult parse, TxOptions tx, LaminaRpcClient l1, LaminaRpcClient sequencer, RollupView rollup,
        OptimisticWithdrawalReceipt receipt, ulong block, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Patience;
        L2WithdrawalProofView? proof = null;
        while (proof is null)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no output root covering l2 block {block} finalized within {Patience.TotalMinutes} minutes; is the proposer running?");
            var outputs = await l1.GetRollupOutputsAsync(rollup.RollupId, Math.Max(1, rollup.FirstOpenOutput) - 1, 1000, ct);
            var covering = outputs.Items.FirstOrDefault(o => o.L2BlockNumber >= block && o.Status is "proposed" or "finalized");
            var nowMs = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            CliOutput.Info(covering is null
                ? $"[grey]withdrawal safe in block {block}; waiting for the proposer to post an output root covering it…[/]"
                : $"[grey]withdrawal proven by output {covering.Index} (block {covering.L2BlockNumber}), finalizes in {(covering.FinalizesAtMs > nowMs ? (covering.FinalizesAtMs - nowMs) / 1000.0 : 0):F0} s[/]");
            try
            {
                proof = await sequencer.GetL2WithdrawalProofAsync(receipt.L2Sender, receipt.Nonce, ct);
            }
            catch (RpcException e) when (e.Reason == "notFinalized")
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
        var outputsNow = await l1.GetRollupOutputsAsync(rollup.RollupId, 0, 1000, ct);
        var output = outputsNow.Items.LastOrDefault(o => o.L2BlockNumber == proof.L2BlockNumber && o.OutputRoot == proof.OutputRoot && o.IsFinalized)
            ?? throw new InvalidOperationException($"the sequencer's finalized output for l2 block {proof.L2BlockNumber} is not a finalized output on L1");
        var decoded = OptimisticWithdrawalProof.Decode(proof.Proof);
        decoded.Verify(output.OutputRoot, receipt); // checked here too, so a bad proof is reported before paying L1 gas
        CliOutput.Info($"[green]Proven[/] against finalized output {output.Index}; claiming on L1");
        return await tx.SendAsync(parse, new RollupWithdrawPayload(rollup.RollupId, output.Index, receipt, decoded), ct);
    }

    private static Command Status()
    {
        var tx = new TxOptions();
        var l2 = new L2Options();
        var command = new Command("status", "The rollup on L1 and its L2 heads (unsafe, safe, finalized)");
        command.Options.Add(tx.Rpc);
        l2.AddTo(command);
        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            using var l1 = Defaults.RpcClient(parse.GetValue(tx.Rpc));
            using var sequencer = l2.Sequencer(parse);
            var rollup = await l1.GetRollupAsync(parse.GetValue(l2.Rollup), ct);
            var heads = await sequencer.GetL2HeadAsync(ct);
            CliOutput.Write(new JsonObject
            {
                ["rollup"] = rollup.Json.DeepClone(),
                ["unsafe"] = heads.Unsafe.Number, ["safe"] = heads.Safe.Number, ["finalized"] = heads.Finalized.Number,
                ["l1Height"] = heads.L1Height, ["mismatches"] = heads.Mismatches.Count,
            }, () =>
            {
                var table = new Table().AddColumns("head", "block", "l1 origin", "state root", "output root");
                foreach (var (name, h) in new[] { ("unsafe", heads.Unsafe), ("safe", heads.Safe), ("finalized", heads.Finalized) })
                    table.AddRow(name, h.Number.ToString(), h.L1Origin.ToString(), h.StateRoot.ToString()[..18] + "…", h.OutputRoot.ToString()[..18] + "…");
                AnsiConsole.MarkupLine($"Rollup {rollup.RollupId} (L2 chain {rollup.L2ChainId}): escrow {rollup.Escrowed}, {rollup.Deposits} deposits, {rollup.Batches} batches, {rollup.Outputs} outputs, derived through L1 {heads.L1Height}");
                AnsiConsole.Write(table);
                foreach (var m in heads.Mismatches) AnsiConsole.MarkupLine($"[red]mismatch[/] at l2 block {m.L2BlockNumber}: L1 has {m.Posted}, derived {m.Derived}");
                if (heads.WaitingForData) AnsiConsole.MarkupLine("[yellow]derivation waits for a batch blob the DA layer does not serve (withheld data)[/]");
                if (heads.LastError is { } error) AnsiConsole.MarkupLine($"[yellow]last error[/] of the {heads.Role}: {Markup.Escape(error)}");
            });
            return 0;
        }));
        return command;
    }

    private static async Task<T> WaitAsync<T>(string what, Func<Task<T>> probe, Func<T, bool> done, CancellationToken ct)
    {
        async Task<T> Loop()
        {
            var deadline = DateTime.UtcNow + Patience;
            while (true)
            {
                try
                {
                    var value = await probe();
                    if (done(value)) return value;
                }
                catch (RpcException e) when (e.Code == RpcErrorCodes.NotFound)
                {
                }
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"gave up after {Patience.TotalMinutes} minutes: {what}");
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }
        }
        return CliOutput.Json ? await Loop() : await AnsiConsole.Status().StartAsync(what, _ => Loop());
    }
}
