using System.CommandLine;
using System.Globalization;
using Lamina.Core;
using Lamina.L1.Transactions;
using Lamina.Node.Keys;

namespace Lamina.Cli.Commands;

public static class TransferCommand
{
    public static Command Create()
    {
        var to = new Option<string>("--to") { Description = "Recipient address (0x + 40 hex digits)", Required = true };
        var amount = new Option<string>("--amount") { Description = "Amount in base units (decimal integer)", Required = true };
        var allowZero = new Option<bool>("--allow-zero") { Description = "Send a transfer of 0 on purpose (it still pays the fee, e.g. to use up a nonce)" };
        var common = new TxOptions();
        var command = new Command("transfer", "Send a signed transfer and wait until it is final") { to, amount, allowZero };
        common.AddTo(command);
        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            if (!Address.TryParse(parse.GetValue(to), out var recipient)) throw new FormatException("--to must be a 20-byte hex address (0x + 40 hex digits)");
            var value = TxOptions.ParseAmount(parse.GetValue(amount), "--amount");
            if (value == UInt128.Zero && !parse.GetValue(allowZero))
            {
                throw new FormatException("--amount 0 moves nothing but still pays the fee; pass --allow-zero if that is what you want");
            }
            return await common.SendAsync(parse, new TransferPayload(recipient, value), ct);
        }));
        return command;
    }
}

/// <summary>The options every transaction-sending command shares: node, key and fees.</summary>
public sealed class TxOptions
{
    public Option<string?> Rpc { get; } = new("--rpc") { Description = "Node RPC URL (default: the devnet's first node)" };
    public Option<string?> Key { get; } = new("--key") { Description = "Sender key file (default: the devnet's dev-0 key)" };
    public Option<ulong> Tip { get; } = new("--tip") { Description = "Priority fee per gas for the proposer", DefaultValueFactory = _ => 2 };
    public Option<ulong?> MaxFee { get; } = new("--max-fee") { Description = "Max fee per gas (default: twice the next base fee plus the tip)" };
    public Option<bool> NoWait { get; } = new("--no-wait") { Description = "Return once the node accepts the transaction" };

    public void AddTo(Command command)
    {
        command.Options.Add(Rpc);
        command.Options.Add(Key);
        command.Options.Add(Tip);
        command.Options.Add(MaxFee);
        command.Options.Add(NoWait);
    }

    public static UInt128 ParseAmount(string? text, string option)
        => UInt128.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"{option} must be a non-negative decimal integer");

    public async Task<int> SendAsync(ParseResult parse, TxPayload payload, CancellationToken ct)
    {
        using var key = KeyFile.Read(parse.GetValue(Key) ?? Defaults.DevKey);
        using var client = Defaults.RpcClient(parse.GetValue(Rpc));
        return await TxSender.SendAsync(client, key, payload, parse.GetValue(Tip), parse.GetValue(MaxFee), !parse.GetValue(NoWait), ct);
    }
}
