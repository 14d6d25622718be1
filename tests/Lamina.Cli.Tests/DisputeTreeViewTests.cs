using System.Text.Json.Nodes;
using Lamina.Cli.Commands;
using Spectre.Console;

namespace Lamina.Cli.Tests;

/// <summary>
/// How <c>lamina l2 disputes</c> says where each descended block's list came from: the batch blob L1 derived it from,
/// the block derivation built itself, or (header lists) the side that descended.
/// </summary>
public sealed class DisputeTreeViewTests
{
    private static string Draw(JsonObject game)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 240;
        // Through text, as an RPC answer arrives (numbers read back as JSON numbers, not the CLR types written here).
        console.Write(DisputeTreeView.Render(JsonNode.Parse(game.ToJsonString())!.AsObject(), 7));
        return writer.ToString();
    }

    private static JsonObject Game(bool derived, params JsonObject[] descents) => new()
    {
        ["status"] = "open", ["outputIndex"] = 3, ["l2BlockNumber"] = 40, ["disputedRoot"] = "0x" + new string('a', 64), ["moves"] = 9, ["height"] = 120,
        ["derivedLists"] = derived, ["claims"] = new JsonArray(), ["moveLog"] = new JsonArray(), ["bonds"] = new JsonArray(),
        ["config"] = new JsonObject { ["maxClockMs"] = 20_000, ["extensionMs"] = 6_000 },
        ["descents"] = new JsonArray([.. descents]),
    };

    private static JsonObject Descent(int rootClaim, ulong preBlock, int txs, JsonObject? from) => new()
    {
        ["rootClaim"] = rootClaim, ["preL2Block"] = preBlock, ["txCount"] = txs, ["derivedFrom"] = from,
    };

    [Fact]
    public void Each_descent_names_the_batch_blob_L1_derived_its_list_from_or_that_derivation_built_the_block()
    {
        var text = Draw(Game(true,
            Descent(12, 36, 5, new JsonObject { ["auto"] = false, ["l1Height"] = 88, ["batch"] = 4, ["blobPosition"] = 1, ["candidates"] = 6, ["applied"] = 5 }),
            Descent(30, 38, 0, new JsonObject { ["auto"] = true, ["l1Height"] = 95, ["batch"] = null, ["blobPosition"] = null, ["candidates"] = 1, ["applied"] = 0 })));
        Assert.Contains("block lists: derived on L1 from the batch blobs", text);
        Assert.Contains("descent at claim #12 into L2 block 37: 5 transactions, list derived from batch 4, blob 1 (L1 height 88): 6 candidates, 5 applied", text);
        Assert.Contains("descent at claim #30 into L2 block 39: 0 transactions, list built by derivation at L1 height 95: 1 candidates, 0 applied", text);
    }

    [Fact]
    public void A_header_list_game_says_the_sides_open_the_lists()
    {
        var text = Draw(Game(false, Descent(12, 36, 2, null)));
        Assert.Contains("block lists: opened by the side that descends (header lists)", text);
        Assert.Contains("descent at claim #12 into L2 block 37: 2 transactions, list opened by the side that descended", text);
        Assert.DoesNotContain("derived", text);
    }
}
