using System.CommandLine;
using Lamina.L1.ZkRollups;

namespace Lamina.Cli.Commands;

/// <summary>
/// `lamina zk deposit`: locks L1 funds in the rollup's escrow and queues a priority deposit to an account index under a
/// ZK public key (from --zk-key's key file or --public-key). The operator must process it within the exodus delay.
/// </summary>
public static class ZkDepositCommand
{
    public static Command Create()
    {
        var id = new Option<uint>("--rollup-id") { Description = "The ZK rollup id", Required = true };
        var to = new Option<uint>("--to") { Description = "Account index on the rollup (below 2^24)", Required = true };
        var zkKey = new Option<string?>("--zk-key") { Description = "ZK key file (`lamina keys new --scheme zk`) whose public key owns the account" };
        var publicKey = new Option<string?>("--public-key") { Description = "The account's ZK public key, 40 bytes hex (instead of --zk-key)" };
        var amount = new Option<string>("--amount") { Description = "Amount in base units (1 to 2^62 - 1)", Required = true };
        var common = new TxOptions();
        var command = new Command("deposit", "Deposit L1 funds into a ZK rollup account and wait until the request is queued") { id, to, zkKey, publicKey, amount };
        common.AddTo(command);
        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            var key = ZkCliParse.PublicKey(parse.GetValue(zkKey), parse.GetValue(publicKey));
            var value = TxOptions.ParseAmount(parse.GetValue(amount), "--amount");
            if (value == UInt128.Zero || value > L2.Zk.State.AccountLeaf.MaxBalance) throw new FormatException("--amount must be 1 to 2^62 - 1");
            var payload = new ZkDepositPayload(parse.GetValue(id), ZkCliParse.Index(parse.GetValue(to), "--to"), key, (ulong)value);
            return await common.SendAsync(parse, payload, ct);
        }));
        return command;
    }
}
