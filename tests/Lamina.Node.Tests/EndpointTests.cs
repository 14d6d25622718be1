using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lamina.Core;
using Lamina.Node.Tests.Support;

namespace Lamina.Node.Tests;

/// <summary>/health, /metrics, the explorer page and the /ws head subscription.</summary>
public sealed class EndpointTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task Health_is_json_with_status_ok_and_the_height()
    {
        var height = await node.WaitForHeightAsync(1);
        using var response = await node.Http.GetAsync(new Uri(node.Home.BaseUri, "health"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var health = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ok", health["status"]!.GetValue<string>());
        Assert.True(health["height"]!.GetValue<ulong>() >= height);
        Assert.Equal(health["height"]!.GetValue<ulong>(), health["finalizedHeight"]!.GetValue<ulong>());
        Assert.Equal(TestHome.ChainId, health["chainId"]!.GetValue<string>());
        Assert.Equal("validator", health["role"]!.GetValue<string>());
        Assert.Equal("test-node", health["node"]!.GetValue<string>());
        Assert.True(health["secondsSinceLastCommit"]!.GetValue<double>() < 30);
        Assert.False(health["syncing"]!.GetValue<bool>());
        Assert.Equal(0, health["peers"]!.GetValue<int>());
        Assert.EndsWith("Z", health["headTime"]!.GetValue<string>());
        Assert.Null(health["reason"]);
    }

    [Fact]
    public async Task Every_metric_the_readme_names_moves_on_a_running_node()
    {
        var named = Regex.Matches(File.ReadAllText(ReadmePath()), @"`(lamina_[a-z0-9_]+)`").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(named.Count >= 6, $"README names only {named.Count} metrics");
        var first = await ScrapeAsync();
        var moved = new HashSet<string>();
        var sender = node.Home.Funded[1];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Mempool gauges move only while a transaction waits, so keep sending and scraping until each has been seen.
        while (moved.Count < named.Count && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            var tx = TestHome.Transfer(sender, await node.PendingNonceAsync(sender.Address), TestHome.RandomAddress(), 1);
            await node.CallAsync("l1_sendTransaction", Hex.Encode(tx.Encoded));
            var now = await ScrapeAsync();
            foreach (var name in named)
            {
                var sample = SampleName(name, now);
                Assert.True(now.ContainsKey(sample), $"README names {name} but /metrics has no {sample}");
                if (now[sample] != first[sample]) moved.Add(name);
            }
        }
        Assert.True(moved.Count == named.Count, "these metrics never moved: " + string.Join(", ", named.Except(moved)));
    }

    /// <summary>A histogram moves through its _count; counters and gauges through their one sample.</summary>
    private static string SampleName(string name, Dictionary<string, double> samples) => samples.ContainsKey(name + "_count") ? name + "_count" : name;

    private async Task<Dictionary<string, double>> ScrapeAsync()
    {
        var text = await node.Http.GetStringAsync(new Uri(node.Home.BaseUri, "metrics"));
        var samples = new Dictionary<string, double>();
        foreach (Match m in Regex.Matches(text, @"^(lamina_[a-z0-9_]+) (\S+)$", RegexOptions.Multiline))
        {
            samples[m.Groups[1].Value] = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        }
        return samples;
    }

    private static string ReadmePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var readme = Path.Combine(dir.FullName, "README.md");
            if (File.Exists(readme) && File.Exists(Path.Combine(dir.FullName, "Lamina.slnx"))) return readme;
        }
        throw new FileNotFoundException("README.md of the repository not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task Metrics_is_prometheus_text_that_tracks_the_chain()
    {
        var sender = node.Home.Funded[0];
        var tx = TestHome.Transfer(sender, await node.PendingNonceAsync(sender.Address), TestHome.RandomAddress(), 1);
        await node.CallAsync("l1_sendTransaction", Hex.Encode(tx.Encoded));
        var included = await node.WaitIncludedAsync(tx.Hash.ToString());
        var includedAt = included["blockHeight"]!.GetValue<ulong>();

        using var response = await node.Http.GetAsync(new Uri(node.Home.BaseUri, "metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        foreach (var name in new[] { "lamina_l1_height", "lamina_l1_transactions_total", "lamina_mempool_transactions", "lamina_l1_block_interval_seconds" })
        {
            Assert.Contains($"# TYPE {name} ", text);
        }
        Assert.Contains("# TYPE lamina_l1_block_interval_seconds histogram", text);
        Assert.True(Sample(text, "lamina_l1_height") >= includedAt, "lamina_l1_height is behind the chain");
        Assert.True(Sample(text, "lamina_l1_finalized_height") >= includedAt);
        Assert.True(Sample(text, "lamina_l1_transactions_total") >= 1, "the included transaction is not counted");
        Assert.True(Sample(text, "lamina_mempool_transactions") >= 0);
        Assert.True(Sample(text, "lamina_l1_block_interval_seconds_count") >= includedAt - 1, "every block after genesis observes an interval");
        Assert.True(Sample(text, "lamina_rpc_requests_total") >= 2);
    }

    private static double Sample(string exposition, string name)
    {
        var match = Regex.Match(exposition, $"^{Regex.Escape(name)}(?:\\{{[^}}]*\\}})? (\\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"metric {name} has no sample in:\n{exposition}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Root_serves_the_explorer_page()
    {
        using var response = await node.Http.GetAsync(node.Home.BaseUri);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<!doctype html>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<title>Lamina explorer</title>", html);
        Assert.Contains("</html>", html);
    }

    [Fact]
    public async Task The_explorer_pages_style_and_scripts_are_served_beside_it()
    {
        var html = await node.Http.GetStringAsync(node.Home.BaseUri);
        var referenced = System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"/explorer/([a-z0-9-]+\\.(js|css))\"")
            .Select(m => (File: m.Groups[1].Value, Kind: m.Groups[2].Value)).ToList();
        Assert.Contains(referenced, r => r.File == "l1.js");
        Assert.Contains(referenced, r => r.File == "explorer.css");
        foreach (var (file, kind) in referenced)
        {
            using var response = await node.Http.GetAsync(new Uri(node.Home.BaseUri, "explorer/" + file));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(kind == "js" ? "text/javascript" : "text/css", response.Content.Headers.ContentType?.MediaType);
            Assert.NotEmpty(await response.Content.ReadAsStringAsync());
        }
        using var missing = await node.Http.GetAsync(new Uri(node.Home.BaseUri, "explorer/nothing.js"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Unknown_paths_and_plain_get_on_ws_are_client_errors()
    {
        using var missing = await node.Http.GetAsync(new Uri(node.Home.BaseUri, "nope"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var plain = await node.Http.GetAsync(new Uri(node.Home.BaseUri, "ws"));
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
    }

    [Fact]
    public async Task WebSocket_pushes_new_heads_in_order()
    {
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{node.Home.Port}/ws"), timeout.Token);

        var heads = new List<JsonNode>();
        while (heads.Count < 3)
        {
            var message = await ReceiveTextAsync(socket, timeout.Token);
            var json = JsonNode.Parse(message)!;
            Assert.Equal("2.0", json["jsonrpc"]!.GetValue<string>());
            Assert.Equal("l1_newHead", json["method"]!.GetValue<string>());
            Assert.False(json.AsObject().ContainsKey("id"), "a notification carries no id");
            heads.Add(json["params"]!);
        }
        for (var i = 1; i < heads.Count; i++)
        {
            Assert.True(heads[i]["height"]!.GetValue<ulong>() > heads[i - 1]["height"]!.GetValue<ulong>(), "heads must arrive with increasing heights");
        }
        // Consecutive heads link up, and each matches the block the RPC serves at that height.
        var last = heads[^1];
        var block = (await node.CallAsync("l1_getBlock", last["height"]!.GetValue<ulong>()))!;
        Assert.Equal(block["hash"]!.GetValue<string>(), last["hash"]!.GetValue<string>());
        // The same block by hash, with and without the 0x prefix.
        var hash = last["hash"]!.GetValue<string>();
        Assert.Equal(last["height"]!.GetValue<ulong>(), (await node.CallAsync("l1_getBlock", hash))!["height"]!.GetValue<ulong>());
        Assert.Equal(last["height"]!.GetValue<ulong>(), (await node.CallAsync("l1_getBlock", hash[2..]))!["height"]!.GetValue<ulong>());
        if (heads[^2]["height"]!.GetValue<ulong>() + 1 == last["height"]!.GetValue<ulong>())
        {
            Assert.Equal(heads[^2]["hash"]!.GetValue<string>(), last["previousHash"]!.GetValue<string>());
        }
        Assert.NotNull(last["transactionCount"]);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        Assert.Equal(WebSocketState.Closed, socket.State);
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket, CancellationToken cancellation)
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellation);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return Encoding.UTF8.GetString(message.ToArray());
        }
    }
}
