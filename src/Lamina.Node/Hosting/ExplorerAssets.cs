using System.Reflection;

namespace Lamina.Node.Hosting;

/// <summary>
/// The explorer page's files, embedded from Hosting/Explorer/: index.html is served at /, every other file at
/// /explorer/&lt;file&gt;. The page is split by layer: common.js (shared helpers), one script per layer panel
/// (l1.js today; the data-availability and rollup panels add da.js, optimistic.js, zk.js), search.js and
/// explorer.css. A new panel is a new file here plus its section and script tag in index.html; nothing in this class
/// names a file.
/// </summary>
public static class ExplorerAssets
{
    private const string ResourcePrefix = "explorer/";

    /// <summary>Maps / and /explorer/{file}; reads every file once, at start-up.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var files = Load();
        var index = files.TryGetValue("index.html", out var page) ? page : throw new InvalidOperationException("explorer/index.html is missing from the build");
        app.MapGet("/", () => Results.Bytes(index.Content, index.ContentType));
        app.MapGet("/explorer/{file}", (string file) =>
            file != "index.html" && files.TryGetValue(file, out var asset) ? Results.Bytes(asset.Content, asset.ContentType) : Results.NotFound());
    }

    private static Dictionary<string, (byte[] Content, string ContentType)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var file = name[ResourcePrefix.Length..];
            files[file] = (copy.ToArray(), ContentType(file));
        }
        return files;
    }

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        var other => throw new InvalidOperationException($"explorer file '{file}' has the extension '{other}', which has no content type here; add one"),
    };
}
