using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Client;

namespace Lamina.Cli;

/// <summary>Where commands look when not told: the devnet under ./.lamina/devnet.</summary>
public static class Defaults
{
    public static string DevnetHome => Path.Combine(".lamina", "devnet");
    public const string FallbackRpc = "http://127.0.0.1:26657/rpc";
    public static string DevKey => Path.Combine(DevnetHome, "dev-keys", "dev-0.key");

    /// <summary>Seconds a node may take to answer one call; LAMINA_RPC_TIMEOUT overrides the client's default.</summary>
    public const string RpcTimeoutVariable = "LAMINA_RPC_TIMEOUT";

    /// <summary>A client for --rpc (or the devnet's first node) with the configured timeout.</summary>
    public static LaminaRpcClient RpcClient(string? explicitUrl) => new(Rpc(explicitUrl), RpcTimeout());

    public static TimeSpan RpcTimeout()
    {
        var text = Environment.GetEnvironmentVariable(RpcTimeoutVariable);
        if (string.IsNullOrEmpty(text)) return LaminaRpcClient.DefaultTimeout;
        return double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new FormatException($"{RpcTimeoutVariable}='{text}' must be a number of seconds between 0 and 3600");
    }

    /// <summary>The first node's RPC URL from the devnet's endpoints.json, else the default port.</summary>
    public static Uri Rpc(string? explicitUrl)
    {
        if (!string.IsNullOrEmpty(explicitUrl))
        {
            if (!Uri.TryCreate(explicitUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new FormatException($"--rpc '{explicitUrl}' is not a URL such as {FallbackRpc}");
            }
            // A node's root (http://host:port) means its /rpc; any other path is taken as given, so a wrong one
            // (/health, /metrics) is reported as what it is instead of being hidden behind an appended /rpc.
            return uri.AbsolutePath is "/" or "" ? new Uri(uri, "/rpc") : uri;
        }
        var endpoints = Path.Combine(DevnetHome, "endpoints.json");
        if (File.Exists(endpoints))
        {
            try
            {
                var rpc = JsonNode.Parse(File.ReadAllText(endpoints))?["nodes"]?[0]?["rpc"]?.GetValue<string>();
                if (rpc is not null) return new Uri(rpc);
            }
            catch (System.Text.Json.JsonException)
            {
            }
        }
        return new Uri(FallbackRpc);
    }
}
