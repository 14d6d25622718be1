using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Spectre.Console;

namespace Lamina.Cli.Commands;

/// <summary>
/// `lamina da`: post a blob and wait until it is final, get one share with its proof checked against the block's data
/// root, and sample a block from the DA nodes as a light node does (<see cref="DaSampleCommand"/>).
/// </summary>
public static class DaCommand
{
    public static Command Create()
    {
        var command = new Command("da", "Data availability: post blobs, read shares, sample blocks");
        command.Subcommands.Add(Post());
        command.Subcommands.Add(Get());
        command.Subcommands.Add(DaSampleCommand.Create());
        return command;
    }

    /// <summary>A namespace from hex: up to 28 bytes of id (0x optional), right-aligned, in the user version 0.</summary>
    public static Namespace ParseNamespace(string? text)
    {
        var hex = text is null ? "" : text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        if (hex.Length == 0 || hex.Length > 2 * Namespace.IdSize || hex.Length % 2 != 0 || !hex.All(Uri.IsHexDigit))
        {
            throw new FormatException($"--namespace must be 1 to {Namespace.IdSize} bytes of hex (e.g. 0x01 or 0x6c616d696e61), not '{text}'");
        }
        var id = new byte[Namespace.IdSize];
        Convert.FromHexString(hex).CopyTo(id.AsSpan(Namespace.IdSize - (hex.Length / 2)));
        var ns = Namespace.User(id);
        return ns.IsReserved ? throw new FormatException($"namespace {ns} is reserved for the protocol") : ns;
    }

    private static Command Post()
    {
        var ns = new Option<string>("--namespace") { Description = "The blob's namespace id in hex (up to 28 bytes, e.g. 0x01)", Required = true };
        var file = new Option<string>("--file") { Description = "File whose bytes are the blob (1 byte to 127 KiB)", Required = true };
        var maxBlobFee = new Option<ulong?>("--max-blob-fee") { Description = "Max fee per blob byte (default: twice the next blob base fee)" };
        var common = new TxOptions();
        var command = new Command("post", "Post a blob in a blob transaction and wait until it is final") { ns, file, maxBlobFee };
        common.AddTo(command);
        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            var space = ParseNamespace(parse.GetValue(ns));
            var path = parse.GetValue(file)!;
            var data = await File.ReadAllBytesAsync(path, ct);
            if (data.Length is 0 or > BlobParameters.MaxBlobBytes) throw new FormatException($"{path} is {data.Length} bytes; a blob is 1 to {BlobParameters.MaxBlobBytes} bytes");
            var cap = parse.GetValue(maxBlobFee);
            if (cap is null)
            {
                using var client = Defaults.RpcClient(parse.GetValue(common.Rpc));
                var fee = await client.GetBlobFeeAsync(ct);
                cap = checked((ulong)fee.NextBaseFeePerBlobGas * 2);
            }
            CliOutput.Info($"Posting {data.Length} bytes into namespace {space} (max {cap} per blob byte)");
            return await common.SendAsync(parse, new BlobPayload(space, cap.Value, data), ct);
        }));
        return command;
    }

    private static Command Get()
    {
        var rpc = new Option<string?>("--rpc") { Description = "A DA node's RPC URL (default: the devnet's first node)" };
        var height = new Option<ulong>("--height") { Description = "Block height", Required = true };
        var row = new Option<int>("--row") { Description = "Row of the extended square", DefaultValueFactory = _ => 0 };
        var column = new Option<int?>("--column") { Description = "Column (default: the node's first custody column)" };
        var ns = new Option<string?>("--namespace") { Description = "Get the namespace's blobs instead of one share (hex id, as for post)" };
        var output = new Option<string?>("--out") { Description = "With --namespace: write the first blob's bytes to this file" };
        var command = new Command("get", "Get one share with its column proof, or a namespace's blobs with complete proofs, checked against the block's data root") { rpc, height, row, column, ns, output };
        command.SetAction((parse, ct) => CliErrors.Run(async () =>
        {
            using var client = Defaults.RpcClient(parse.GetValue(rpc));
            var h = parse.GetValue(height);
            if (parse.GetValue(ns) is { } nsText) return await GetNamespaceAsync(client, h, ParseNamespace(nsText), parse.GetValue(output), ct);
            var square = await client.GetSquareAsync(h, ct);
            var col = parse.GetValue(column) ?? (square.HeldColumns.Count > 0 ? square.HeldColumns[0] : throw new FormatException($"the node holds no column of height {h}; pass --column and another DA node's --rpc"));
            var share = await client.GetShareAsync(h, parse.GetValue(row), col, ct);
            var block = await client.GetBlockAsync(h, cancellation: ct);
            // The root comes from the block header, not from the DA node's answer.
            var root = Hash256.Parse(block.Json["dataRoot"]!.GetValue<string>());
            Canonical.Decode<ColumnShareProof>(share.Proof).Verify(root, share.Share);
            // A share outside the original quadrant is parity: its leaf carries the parity namespace.
            var leafNamespace = Lamina.DataAvailability.Coding.ExtendedSquare.LeafNamespace(share.Row, share.Column, square.K, share.Share);
            var result = new JsonObject
            {
                ["height"] = h,
                ["row"] = share.Row,
                ["column"] = share.Column,
                ["k"] = square.K,
                ["namespace"] = leafNamespace.ToString(),
                ["dataRoot"] = root.ToString(),
                ["verified"] = true,
                ["share"] = Hex.Encode(share.Share),
                ["proof"] = Hex.Encode(share.Proof),
            };
            CliOutput.Write(result, () =>
            {
                var table = new Table().AddColumns("height", "row", "column", "k", "namespace", "proof");
                table.AddRow(h.ToString(CultureInfo.InvariantCulture), share.Row.ToString(CultureInfo.InvariantCulture), share.Column.ToString(CultureInfo.InvariantCulture),
                    square.K.ToString(CultureInfo.InvariantCulture), leafNamespace.ToString(), "[green]verified against the header's data root[/]");
                AnsiConsole.Write(table);
            });
            return 0;
        }));
        return command;
    }

    /// <summary>The namespace's shares, each row's proof checked against a row root proven in the header's data root, reassembled into blobs.</summary>
    private static async Task<int> GetNamespaceAsync(Lamina.Client.LaminaRpcClient client, ulong height, Namespace ns, string? output, CancellationToken ct)
    {
        var block = await client.GetBlockAsync(height, cancellation: ct);
        var root = Hash256.Parse(block.Json["dataRoot"]!.GetValue<string>());
        var answer = await client.GetNamespaceDataAsync(height, Hex.Encode(ns.ToArray()), ct) as JsonObject
            ?? throw new FormatException("da_getNamespaceData answered with something other than an object");
        // The same proven read derivation uses (VerifiedNamespaceData): rows consecutive, each row root in the data root,
        // each row's proof for exactly this namespace and complete, every blob whole; refusal is InvalidBlobDataException.
        var blobs = Lamina.L2.Optimistic.L1Client.VerifiedNamespaceData.Blobs(root, ns, answer);
        var shares = answer["rows"]!.AsArray().Sum(row => row!["shares"]!.AsArray().Count);

        if (output is not null && blobs.Count > 0) await File.WriteAllBytesAsync(output, blobs[0], ct);
        var list = new JsonArray();
        foreach (var b in blobs) list.Add(new JsonObject { ["size"] = b.Length, ["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(b)) });
        var result = new JsonObject { ["height"] = height, ["namespace"] = ns.ToString(), ["dataRoot"] = root.ToString(), ["shares"] = shares, ["blobs"] = list, ["complete"] = true };
        CliOutput.Write(result, () =>
        {
            var table = new Table().AddColumns("blob", "size", "sha256");
            for (var i = 0; i < blobs.Count; i++) table.AddRow(i.ToString(CultureInfo.InvariantCulture), blobs[i].Length.ToString(CultureInfo.InvariantCulture), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(blobs[i])));
            AnsiConsole.Write(table);
            CliOutput.Info($"{blobs.Count} blob(s) in {Markup.Escape(ns.ToString())} at height {height}, [green]complete[/]: every row's namespace proof checks against the header's data root" + (output is null ? "" : $"; the first written to {Markup.Escape(output)}"));
        });
        return 0;
    }
}
