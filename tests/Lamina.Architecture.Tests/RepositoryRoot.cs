namespace Lamina.Architecture.Tests;

/// <summary>The repository checkout the tests run in, found by walking up from the test assembly to Lamina.slnx.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Lamina.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no Lamina.slnx above {AppContext.BaseDirectory}");
    }
}
