using System.CommandLine;
using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Client.Views;
using Lamina.Core;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Transactions;
using Lamina.L2.Zk.Wallet;
using Spectre.Console;

namespace Lamina.Cli.Commands;

/// <summary>
/// `lamina zk transfer|withdraw`: signs a ZK transaction with a ZK key file (`lamina keys new --scheme zk`), sends it
/// to the operator, and waits until a batch holding it is verified on L1, which for a withdrawal is also when L1
/// pays it: no challenge window. A transfer to an empty slot registers the recipient's key (--to-key).
/// </summary>
public static class ZkTransferCommand
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    public static Command Create(bool withdraw)
    {
        var key = new Option<string>("--key") { Description = "ZK key file (lamina keys new --scheme zk)", Required = true };
        var from = new Option<uint>("--from") { Description = "The sender's account index", Required = true };
        var to = new Option<string?>("--to") { Description = withdraw ? "L1 recipient address" : "Recipient account index", Required = true };
        var toKey = new Option<string?>("--to-key") { Description = "The recipient's ZK public key (hex), for a transfer to an empty slot" };
        var amount = new Option<ulong>("--amount") { Description = "Amount in base units", Required = true };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the operator accepted it" };
        var zk = new ZkOperatorCliOptions();
        var command = new Command(withdraw ? "withdraw" : "transfer", withdraw
            ? "Withdraw to L1 through the operator and wait until L1 verifies the batch and pays it in the same block"
            : "Send a ZK transfer to the operator and wait until L1 verifies the batch holding it") { key, from, to, amount, noWait };
        if (!withdraw) command.Options.Add(toKey);
        zk.AddTo(command);
        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            ZkSigningKey signer = ZkKeyFile.Read(parse.GetValue(key)!);
            using var l1 = zk.L1(parse);
            using var op = zk.Operator(parse);
            ZkOperatorHeadView head = await op.GetZkOperatorHeadAsync(ct);
            var domain = new ZkRollupDomain(await l1.GetChainIdAsync(ct), head.RollupId);
            uint sender = parse.GetValue(from);
            ZkAccountView account = await op.GetZkAccountAsync(sender, ct);
            if (account.PublicKey != signer.PublicKey.ToString())
                throw new FormatException($"account {sender} is {(account.Exists ? "held by another key" : "empty")}; --from must be the index your key deposited to");
            ulong value = parse.GetValue(amount);
            string target = parse.GetValue(to)!;
            SignedZkTransaction tx = withdraw
                ? WithdrawalTx.Create(sender, value, Address.Parse(target), account.Nonce, signer, domain)
                : Transfer(sender, target, parse.GetValue(toKey), value, account.Nonce, signer, domain);
            ZkSendView sent = await op.SendZkTransactionAsync(tx.Encode(), ct);
            CliOutput.Info($"[green]Accepted[/] by the operator: {sent.Hash} (nonce {account.Nonce}, log position {sent.Sequence})");
            if (parse.GetValue(noWait))
            {
                CliOutput.Write(new JsonObject { ["hash"] = sent.Hash.ToString(), ["sequence"] = sent.Sequence, ["status"] = "accepted" }, () => { });
                return 0;
            }
            ZkOperatorBatchView batch = await WaitForProofAsync(op, sent.Sequence, ct);
            CliOutput.Write(new JsonObject
            {
                ["hash"] = sent.Hash.ToString(),
                ["batch"] = batch.Number,
                ["l1Height"] = batch.L1Height,
                ["proofBytes"] = batch.ProofBytes,
                ["proveMs"] = batch.ProveMs,
                ["status"] = "verified",
            }, () => AnsiConsole.MarkupLine($"[green]Verified[/] on L1 in batch {batch.Number} at L1 height {batch.L1Height}"
                + (withdraw ? $": {value} paid to {target} in that block" : "") + $" (proof {batch.ProofBytes} bytes, proved in {batch.ProveMs} ms)"));
            return 0;
        }));
        return command;
    }

    private static SignedZkTransaction Transfer(uint from, string to, string? toKey, ulong amount, uint nonce, ZkSigningKey signer, ZkRollupDomain domain)
    {
        if (!uint.TryParse(to, out uint index)) throw new FormatException($"--to '{to}' must be an account index");
        if (!PackedAmount.TryPack(amount, out PackedAmount packed))
            throw new FormatException($"{amount} cannot be packed in a transfer (a 35-bit mantissa times a power of ten); round it");
        if (toKey is null) return TransferTx.Create(from, index, packed, nonce, signer, domain);
        ZkPublicKey key;
        try
        {
            key = new ZkPublicKey(Hex.DecodeFixed(toKey, ZkPublicKey.Size, "--to-key"));
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"--to-key is not a ZK public key: {e.Message}");
        }
        return TransferToNewTx.Create(from, index, key, packed, nonce, signer, domain);
    }

    /// <summary>Waits until a batch L1 verified reaches past log position <paramref name="sequence"/>; returns that batch.</summary>
    public static async Task<ZkOperatorBatchView> WaitForProofAsync(LaminaRpcClient op, ulong sequence, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Patience;
        CliOutput.Info("Waiting for the batch holding it to be proven and verified on L1…");
        while (DateTime.UtcNow < deadline)
        {
            ZkOperatorHeadView head = await op.GetZkOperatorHeadAsync(ct);
            for (ulong n = head.Proven?.Batches ?? 0; n-- > 0;)
            {
                ZkOperatorBatchView batch = await op.GetZkOperatorBatchAsync(n, ct);
                if (batch.FirstSequence <= sequence && sequence < batch.FirstSequence + batch.OpCount) return batch;
                if (batch.FirstSequence + batch.OpCount <= sequence) break;
            }
            // Neither state ends by waiting: a frozen rollup takes no batch, and a halted operator sends none.
            if (head.Proven is { Frozen: true }) throw new IOException("the rollup froze in exodus mode before the transaction was proven; use `lamina zk exodus`");
            if (head.Halted is { } halted) throw new IOException($"the operator halted before the transaction was proven: {halted}");
            await Task.Delay(250, ct);
        }
        throw new TimeoutException($"no batch holding log position {sequence} was verified on L1 within {Patience.TotalMinutes} minutes");
    }
}
