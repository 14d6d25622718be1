using System.Xml.Linq;

namespace Lamina.Architecture.Tests;

/// <summary>What is actually in src/: each project's direct project references, and every file's line count.</summary>
internal static class SourceTree
{
    /// <summary>src/&lt;Name&gt;/&lt;Name&gt;.csproj → the names of the projects it references.</summary>
    public static Dictionary<string, IReadOnlySet<string>> ProjectReferences(string root)
    {
        var result = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var dir in Directory.GetDirectories(Path.Combine(root, "src")).Order(StringComparer.Ordinal))
        {
            var csprojs = Directory.GetFiles(dir, "*.csproj");
            if (csprojs.Length == 0) continue;
            var name = Path.GetFileName(dir);
            if (csprojs.Length != 1 || Path.GetFileNameWithoutExtension(csprojs[0]) != name)
            {
                throw new InvalidOperationException($"src/{name} must hold exactly one project, src/{name}/{name}.csproj");
            }
            result[name] = ReferencesOf(csprojs[0]);
        }
        return result;
    }

    public static IReadOnlySet<string> ReferencesOf(string csprojPath)
    {
        var references = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var element in XDocument.Load(csprojPath).Descendants().Where(e => e.Name.LocalName == "ProjectReference"))
        {
            var include = element.Attribute("Include")?.Value ?? throw new InvalidOperationException($"{csprojPath}: a ProjectReference has no Include");
            references.Add(Path.GetFileNameWithoutExtension(include.Replace('\\', '/')));
        }
        return references;
    }

    /// <summary>Every file under src/ (build output in bin/ and obj/ left out), as a '/'-separated path from the root, with its line count.</summary>
    public static SortedDictionary<string, int> LineCounts(string root)
    {
        var result = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var segments = relative.Split('/');
            if (segments.Contains("bin") || segments.Contains("obj")) continue;
            result[relative] = File.ReadLines(file).Count();
        }
        return result;
    }
}
