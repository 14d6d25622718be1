using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lamina.Node;
using Spectre.Console;

namespace Lamina.Cli.Commands;

/// <summary>
/// `lamina devnet restart NAME`: asks the running devnet to (re)start one of its nodes, so the node logs to its
/// node.log and is stopped with the devnet, instead of a hand-started node that outlives it and holds its LOCK.
/// </summary>
public static class DevnetRestartCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("node") { Description = "Node name from the devnet's table, e.g. validator-2" };
        var home = new Option<string>("--home") { Description = "Devnet directory", DefaultValueFactory = _ => Defaults.DevnetHome };
        var command = new Command("restart", "Restart one node of the running devnet (stopping it first if it still runs)") { name, home };
        command.SetAction((parse, ct) => CliErrors.Run(() => RunAsync(parse.GetValue(name)!, Path.GetFullPath(parse.GetValue(home)!), ct)));
        return command;
    }

    private static async Task<int> RunAsync(string name, string home, CancellationToken ct)
    {
        var endpointsFile = Path.Combine(home, "endpoints.json");
        if (!File.Exists(endpointsFile)) throw new ConfigException($"no devnet runs in {home} (no endpoints.json); start it with 'lamina devnet --home {home}'");
        JsonNode doc;
        try
        {
            doc = JsonNode.Parse(File.ReadAllText(endpointsFile)) ?? throw new ConfigException($"{endpointsFile} is empty");
        }
        catch (JsonException e)
        {
            throw new ConfigException($"{endpointsFile} is not valid JSON: {e.Message}");
        }
        var supervisor = doc["supervisorPid"]?.GetValue<int>();
        if (supervisor is not { } pid || !IsRunning(pid)) throw new ConfigException($"the devnet in {home} is not running; start it with 'lamina devnet --home {home}', which starts every node");
        var nodes = doc["nodes"]?.AsArray() ?? [];
        var node = nodes.FirstOrDefault(n => n?["name"]?.GetValue<string>() == name);
        if (node is null)
        {
            var known = string.Join(", ", nodes.Select(n => n?["name"]?.GetValue<string>()));
            throw new ConfigException($"the devnet has no node named '{name}'; its nodes are {known}");
        }
        var nodeHome = node["home"]!.GetValue<string>();
        var oldPid = node["pid"]?.GetValue<int>();
        var request = Path.Combine(nodeHome, DevnetSupervisor.RestartRequestFile);
        await File.WriteAllTextAsync(request, DateTimeOffset.UtcNow.ToString("O"), ct);

        // The supervisor deletes the request once the new process runs and rewrites endpoints.json with its pid.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, ct);
            if (File.Exists(request)) continue;
            var newPid = ReadPid(endpointsFile, name);
            if (newPid is null || newPid == oldPid) continue;
            var result = new JsonObject { ["name"] = name, ["pid"] = newPid, ["home"] = nodeHome, ["log"] = Path.Combine(nodeHome, "node.log") };
            CliOutput.Write(result, () => AnsiConsole.MarkupLine($"[green]Restarted {Markup.Escape(name)}[/] (pid {newPid}), logging to {Markup.Escape(Path.Combine(nodeHome, "node.log"))}"));
            return 0;
        }
        File.Delete(request);
        CliErrors.Fail($"the devnet (pid {pid}) did not restart {name} within 60 s; see its output and {Path.Combine(nodeHome, "node.log")}");
        return 1;
    }

    private static int? ReadPid(string endpointsFile, string name)
    {
        try
        {
            var doc = JsonNode.Parse(File.ReadAllText(endpointsFile));
            return doc?["nodes"]?.AsArray().FirstOrDefault(n => n?["name"]?.GetValue<string>() == name)?["pid"]?.GetValue<int>();
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
