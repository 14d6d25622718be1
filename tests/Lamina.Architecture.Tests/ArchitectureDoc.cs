namespace Lamina.Architecture.Tests;

/// <summary>One row of the project-references table in docs/architecture.md.</summary>
internal sealed record ProjectRow(string Name, bool Planned, int Layer, IReadOnlySet<string> Required, IReadOnlySet<string> Optional)
{
    public bool Allows(string reference) => Required.Contains(reference) || Optional.Contains(reference);
}

/// <summary>A file allowed over the line limit for now, with why and by how much.</summary>
internal sealed record FileSizeException(string Path, int MaxLines, string Reason);

/// <summary>
/// The machine-readable parts of docs/architecture.md: the text between <c>&lt;!-- name:begin --&gt;</c> and
/// <c>&lt;!-- name:end --&gt;</c> markers. Anything malformed there is an error, never skipped.
/// </summary>
internal sealed class ArchitectureDoc
{
    public required IReadOnlyDictionary<string, ProjectRow> Projects { get; init; }
    public required IReadOnlyList<string> Independent { get; init; }
    public required IReadOnlyDictionary<string, FileSizeException> FileSizeExceptions { get; init; }

    public static ArchitectureDoc Parse(string markdown)
    {
        var projects = new Dictionary<string, ProjectRow>(StringComparer.Ordinal);
        foreach (var cells in TableRows(Section(markdown, "project-references"), "project-references", 4))
        {
            var planned = cells[1] switch
            {
                "present" => false,
                "planned" => true,
                _ => throw new FormatException($"project-references: status of {cells[0]} must be present or planned, not '{cells[1]}'"),
            };
            if (!int.TryParse(cells[2], out var layer) || layer < 0) throw new FormatException($"project-references: layer of {cells[0]} must be a non-negative integer, not '{cells[2]}'");
            var required = new SortedSet<string>(StringComparer.Ordinal);
            var optional = new SortedSet<string>(StringComparer.Ordinal);
            if (cells[3] != "—")
            {
                foreach (var raw in cells[3].Split(',', StringSplitOptions.TrimEntries))
                {
                    var name = raw.TrimEnd('?');
                    if (!name.StartsWith("Lamina.", StringComparison.Ordinal) || name.Contains(' ')) throw new FormatException($"project-references: '{raw}' in the row of {cells[0]} is not a project name");
                    (raw.EndsWith('?') ? optional : required).Add(name);
                }
            }
            if (!projects.TryAdd(cells[0], new ProjectRow(cells[0], planned, layer, required, optional))) throw new FormatException($"project-references: {cells[0]} has two rows");
        }

        var independent = new List<string>();
        foreach (var line in Section(markdown, "independent-projects"))
        {
            if (line.Length == 0) continue;
            if (!line.StartsWith("- ", StringComparison.Ordinal)) throw new FormatException($"independent-projects: '{line}' is not a '- Project' item");
            independent.Add(line[2..].Trim());
        }

        var exceptions = new Dictionary<string, FileSizeException>(StringComparer.Ordinal);
        foreach (var cells in TableRows(Section(markdown, "file-size-exceptions"), "file-size-exceptions", 3))
        {
            if (!int.TryParse(cells[1], out var max)) throw new FormatException($"file-size-exceptions: max lines of {cells[0]} must be an integer, not '{cells[1]}'");
            if (cells[2].Length == 0) throw new FormatException($"file-size-exceptions: {cells[0]} needs a reason");
            if (!exceptions.TryAdd(cells[0], new FileSizeException(cells[0], max, cells[2]))) throw new FormatException($"file-size-exceptions: {cells[0]} has two rows");
        }

        return new ArchitectureDoc { Projects = projects, Independent = independent, FileSizeExceptions = exceptions };
    }

    private static List<string> Section(string markdown, string name)
    {
        var begin = $"<!-- {name}:begin -->";
        var end = $"<!-- {name}:end -->";
        var from = markdown.IndexOf(begin, StringComparison.Ordinal);
        var to = markdown.IndexOf(end, StringComparison.Ordinal);
        if (from < 0 || to < from) throw new FormatException($"docs/architecture.md has no {begin} … {end} section");
        return [.. markdown[(from + begin.Length)..to].Split('\n').Select(l => l.Trim())];
    }

    /// <summary>Rows of a markdown table after its header and separator, each cut into exactly <paramref name="columns"/> cells.</summary>
    private static IEnumerable<string[]> TableRows(List<string> lines, string section, int columns)
    {
        var rows = lines.Where(l => l.Length > 0).ToList();
        if (rows.Count < 2 || !rows[1].StartsWith("| ---", StringComparison.Ordinal)) throw new FormatException($"{section}: expected a markdown table with a header row");
        foreach (var row in rows.Skip(2))
        {
            if (!row.StartsWith('|') || !row.EndsWith('|')) throw new FormatException($"{section}: '{row}' is not a table row");
            var cells = row[1..^1].Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length != columns) throw new FormatException($"{section}: '{row}' has {cells.Length} cells, expected {columns}");
            yield return cells;
        }
    }
}
