using System.CommandLine;
using Lamina.Core;
using Lamina.L1.ZkRollups;
using Lamina.L2.Zk.Transactions;

namespace Lamina.Cli.Commands;

/// <summary>
/// `lamina zk exodus`: leaves a frozen ZK rollup without the operator. With --account and --zk-key it rebuilds the last
/// proven state from L1 records and DA pubdata alone (<see cref="ZkPubdataFromDa"/>), and claims the account's whole
/// balance with its Merkle proof, signed by the account key, to --to (default: the L1 sender). With --refund it
/// returns a deposit no proven batch consumed to its depositor.
/// </summary>
public static class ZkExodusCommand
{
    public static Command Create()
    {
        var id = new Option<uint>("--rollup-id") { Description = "The ZK rollup id", Required = true };
        var account = new Option<uint?>("--account") { Description = "Account index to withdraw from the last proven root" };
        var zkKey = new Option<string?>("--zk-key") { Description = "The account's ZK key file (signs the claim)" };
        var to = new Option<string?>("--to") { Description = "L1 recipient (default: the sender key's address)" };
        var refund = new Option<ulong?>("--refund") { Description = "Instead: refund the pending deposit with this serial to its depositor" };
        var daRpc = new Option<string?>("--da-rpc") { Description = "A DA node's RPC URL for the pubdata (default: --rpc)" };
        var common = new TxOptions();
        var command = new Command("exodus", "Withdraw from a frozen ZK rollup with a proof built from DA pubdata alone, or refund a pending deposit") { id, account, zkKey, to, refund, daRpc };
        common.AddTo(command);
        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            var rollupId = parse.GetValue(id);
            if (parse.GetValue(refund) is { } serial)
            {
                return await common.SendAsync(parse, new ZkRefundPayload(rollupId, serial), ct);
            }
            var index = ZkCliParse.Index(parse.GetValue(account) ?? throw new FormatException("give --account (with --zk-key) or --refund"), "--account");
            var key = ZkCliParse.SigningKey(parse.GetValue(zkKey) ?? throw new FormatException("--account needs --zk-key, the account's key file"));
            using var l1 = Defaults.RpcClient(parse.GetValue(common.Rpc));
            using var da = Defaults.RpcClient(parse.GetValue(daRpc) ?? parse.GetValue(common.Rpc));
            var rollup = await l1.GetZkRollupAsync(rollupId, ct);
            if (!rollup.Frozen) throw new FormatException($"ZK rollup {rollupId} is not frozen{(rollup.ExodusDeadline is { } d ? $"; it freezes at L1 height {d} unless a batch processes its oldest request" : "")}");
            CliOutput.Info($"Rebuilding ZK rollup {rollupId} from the pubdata of {rollup.Batches} batches on DA");
            var state = await ZkPubdataFromDa.RebuildAsync(l1, da, rollup, ct);
            var leaf = state.Accounts.Get(index);
            if (leaf.IsEmpty || leaf.Key != key.PublicKey) throw new FormatException($"account {index} is not held by the key in --zk-key in the last proven state");
            Address recipient;
            if (parse.GetValue(to) is { } text)
            {
                if (!Address.TryParse(text, out recipient)) throw new FormatException("--to must be a 20-byte hex address (0x + 40 hex digits)");
            }
            else
            {
                using var sender = Node.Keys.KeyFile.Read(parse.GetValue(common.Key) ?? Defaults.DevKey);
                recipient = sender.Address;
            }
            var domain = new ZkRollupDomain(await l1.GetChainIdAsync(ct), rollupId);
            CliOutput.Info($"Claiming {leaf.Balance} from account {index} to {recipient}");
            return await common.SendAsync(parse, ZkExodusPayload.Sign(rollupId, index, leaf, state.Accounts.Siblings(index), recipient, key, domain), ct);
        }));
        return command;
    }
}
