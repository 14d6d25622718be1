using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Client;
using Lamina.Node.Modules;
using Lamina.Node.Rpc;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// The <c>light</c> role: no chain of its own; it follows L1 with the light client through <c>lightRpc</c> and
/// samples every block with blobs from <c>lightDaNodes</c> (<see cref="LightNodeService"/>); light_status reports its
/// trusted height and latest verdicts with their confidence.
/// </summary>
public sealed class LightNodeModule : INodeModule
{
    public const string Light = "light";

    public string Name => "light";

    public IReadOnlyList<string> Roles { get; } = [Light];

    public IReadOnlyList<PeerChannel> PeerChannels { get; } = [];

    public void ConfigureServices(NodeModuleContext context, IServiceCollection services)
    {
        var config = context.Config;
        if (config.LightRpc is null || !Uri.TryCreate(config.LightRpc, UriKind.Absolute, out _)) throw new ConfigException("the light role needs lightRpc, the RPC URL of an L1 node to follow");
        if (config.LightDaNodes is not { Count: > 0 } || config.LightDaNodes.Any(u => !Uri.TryCreate(u, UriKind.Absolute, out _))) throw new ConfigException("the light role needs lightDaNodes, the RPC URLs of the DA nodes to sample");
        services.AddSingleton<LightNodeService>();
        services.AddHostedService(sp => sp.GetRequiredService<LightNodeService>());
        services.AddSingleton<IRpcMethodSet>(sp => new LightRpcMethods(sp.GetRequiredService<LightNodeService>()));
        // Bad-encoding proofs from peers (persistentPeers: DA nodes or L1 nodes), checked against the headers it verified.
        services.AddSingleton(sp => new HeaderFraudGossip(sp.GetRequiredService<Lamina.Network.P2PNode>(), sp.GetRequiredService<LightNodeService>().Fraud,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<HeaderFraudGossip>()));
    }

    public void Configure(NodeModuleContext context, WebApplication app)
    {
        var service = app.Services.GetRequiredService<LightNodeService>();
        var fraud = app.Services.GetRequiredService<HeaderFraudGossip>();
        fraud.Register();
        fraud.Rejected += header => service.MarkBadlyEncoded(header.Height);
    }

    public void DescribeEndpoints(JsonObject entry, string baseUrl) => entry["light"] = baseUrl + "/rpc";

    private sealed class LightRpcMethods(LightNodeService service) : IRpcMethodSet
    {
        public string Namespace => "light";

        public IReadOnlyList<string> Names { get; } = ["light_status", "light_submitBadEncodingProof"];

        public JsonNode? Invoke(string method, RpcParams parameters) => method switch
        {
            "light_status" => Status(),
            "light_submitBadEncodingProof" => SubmitBadEncodingProof(parameters),
            _ => throw new RpcException(RpcErrorCodes.MethodNotFound, $"method '{method}' does not exist; available: {string.Join(", ", Names)}"),
        };

        /// <summary>A bad-encoding proof (hex of a BadEncodingFraud message) against a header this light node verified.</summary>
        private JsonObject SubmitBadEncodingProof(RpcParams parameters)
        {
            byte[] bytes;
            try
            {
                bytes = Lamina.Core.Hex.Decode(parameters.RequireString(0, "proof"));
            }
            catch (FormatException e)
            {
                throw RpcParams.Invalid($"parameter 'proof' must be hex: {e.Message}");
            }
            try
            {
                var header = service.Fraud.Accept(bytes);
                service.MarkBadlyEncoded(header.Height);
                return new JsonObject { ["height"] = header.Height, ["blockHash"] = header.Hash.ToString(), ["rejected"] = true };
            }
            catch (Lamina.Core.Codec.CodecException e)
            {
                throw new RpcException(RpcErrorCodes.InvalidParams, $"the proof does not decode: {e.Message}", new JsonObject { ["reason"] = "malformed" });
            }
            catch (Lamina.DataAvailability.InvalidBadEncodingProofException e)
            {
                throw new RpcException(RpcErrorCodes.InvalidParams, $"the proof is refused: {e.Message}",
                    new JsonObject { ["reason"] = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.Error.ToString()) });
            }
        }

        private JsonObject Status()
        {
            var reports = new JsonArray();
            foreach (var r in service.Reports)
            {
                reports.Add(new JsonObject
                {
                    ["height"] = r.Height, ["k"] = r.K, ["samples"] = r.Samples.Count, ["verified"] = r.Verified, ["available"] = r.Available,
                    ["badlyEncoded"] = r.BadlyEncoded, ["confidence"] = r.Confidence, ["elapsedMs"] = Math.Round(r.Elapsed.TotalMilliseconds, 1),
                    ["dataRoot"] = r.DataRoot.ToString(),
                });
            }
            return new JsonObject { ["trustedHeight"] = service.TrustedHeight, ["reports"] = reports, ["checkedAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) };
        }
    }
}
