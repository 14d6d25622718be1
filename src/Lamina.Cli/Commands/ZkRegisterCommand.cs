using System.CommandLine;
using Lamina.L1.ZkRollups;
using Lamina.L2.Zk.State;

namespace Lamina.Cli.Commands;

/// <summary>`lamina zk register`: registers a ZK rollup on L1 (id = DA namespace, genesis account root, AIR version, exodus delay).</summary>
public static class ZkRegisterCommand
{
    public static Command Create()
    {
        var id = new Option<uint>("--rollup-id") { Description = "The rollup id (also its DA namespace)", Required = true };
        var root = new Option<string?>("--genesis-root") { Description = "Genesis account root, 32 bytes hex (default: the empty tree's root)" };
        var delay = new Option<ulong>("--exodus-delay") { Description = "L1 blocks a priority request may wait before the rollup freezes", DefaultValueFactory = _ => 240 };
        var common = new TxOptions();
        var command = new Command("register", "Register a ZK rollup on L1 and wait until it is final") { id, root, delay };
        common.AddTo(command);
        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            var genesis = parse.GetValue(root) is { } text ? ZkCliParse.Digest(text, "--genesis-root") : AccountTree.EmptyRoot;
            var config = new ZkRollupConfig(parse.GetValue(id), genesis, ZkAirVersions.Current, parse.GetValue(delay));
            config.Validate();
            return await common.SendAsync(parse, new ZkRegisterPayload(config), ct);
        }));
        return command;
    }
}
