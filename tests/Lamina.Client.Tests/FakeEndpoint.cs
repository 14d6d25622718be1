using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lamina.Client.Tests;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (port 0) that answers every path with one way of not being a Lamina node's
/// /rpc: an HTML page, an empty body, JSON that is not JSON-RPC, a null or wrongly shaped result, or no answer at all.
/// "Proper" answers echo the request's id, so only the named defect is wrong.
/// </summary>
public sealed class FakeEndpoint : IAsyncDisposable
{
    /// <summary>Each wrong answer, by path.</summary>
    public static readonly string[] Defects =
    [
        "html-404", "html-200", "metrics-text", "empty-200", "no-content", "malformed-json", "health-json", "bare-null-result",
        "null-result", "wrong-shape", "number-result", "array-body", "wrong-id", "http-500-json", "hang",
    ];

    private readonly WebApplication _app;

    private FakeEndpoint(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public Uri Url(string defect) => new(BaseUri, defect);

    public static async Task<FakeEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Map("/{defect}", (Func<HttpContext, string, Task>)Answer);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeEndpoint(app, new Uri(address.TrimEnd('/') + "/"));
    }

    private static async Task Answer(HttpContext ctx, string defect)
    {
        string body;
        using (var reader = new StreamReader(ctx.Request.Body)) body = await reader.ReadToEndAsync();
        var id = IdOf(body);
        switch (defect)
        {
            case "html-404":
                await Write(ctx, 404, "text/html; charset=utf-8", "<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>");
                break;
            case "html-200":
                await Write(ctx, 200, "text/html; charset=utf-8", "<!DOCTYPE html><html><body>Lamina explorer</body></html>");
                break;
            case "metrics-text":
                await Write(ctx, 200, "text/plain; version=0.0.4; charset=utf-8", "# HELP lamina_l1_height height\nlamina_l1_height 7\n");
                break;
            case "empty-200":
                await Write(ctx, 200, "application/json", "");
                break;
            case "no-content":
                ctx.Response.StatusCode = 204;
                break;
            case "malformed-json":
                await Write(ctx, 200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":");
                break;
            case "health-json":
                await Write(ctx, 200, "application/json; charset=utf-8", "{\"status\":\"ok\",\"height\":7}");
                break;
            case "bare-null-result":
                await Write(ctx, 200, "application/json", "{\"result\":null}");
                break;
            case "null-result":
                await Write(ctx, 200, "application/json", Proper(id, null));
                break;
            case "wrong-shape":
                await Write(ctx, 200, "application/json", Proper(id, new JsonObject { ["unexpected"] = true }));
                break;
            case "number-result":
                await Write(ctx, 200, "application/json", Proper(id, 42));
                break;
            case "array-body":
                await Write(ctx, 200, "application/json", "[1,2,3]");
                break;
            case "wrong-id":
                await Write(ctx, 200, "application/json", Proper(id is null ? 999_999 : id.GetValue<long>() + 1000, "x"));
                break;
            case "http-500-json":
                await Write(ctx, 500, "application/json", "{\"message\":\"upstream failed\"}");
                break;
            case "hang":
                await Task.Delay(Timeout.Infinite, ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                break;
            case "rpc-error":
                await Write(ctx, 200, "application/json", new JsonObject
                {
                    ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(),
                    ["error"] = new JsonObject { ["code"] = -32000, ["message"] = "nonce too low", ["data"] = new JsonObject { ["reason"] = "NonceTooLow" } },
                }.ToJsonString());
                break;
            default:
                ctx.Response.StatusCode = 400;
                break;
        }
    }

    private static JsonNode? IdOf(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject o ? o["id"] : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Proper(JsonNode? id, JsonNode? result)
        => new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["result"] = result }.ToJsonString();

    private static async Task Write(HttpContext ctx, int status, string contentType, string body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        await ctx.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
