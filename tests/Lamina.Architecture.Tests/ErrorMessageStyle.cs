using System.Text.RegularExpressions;

namespace Lamina.Architecture.Tests;

/// <summary>
/// The one error-message style of src/: a message is a sentence fragment, lowercase unless it starts with a name, and
/// has no final period (callers embed it: "block 7 is invalid: {message}"). Only the period is checked by machine;
/// capitals are left to review, since many messages rightly start with a type or protocol name.
/// </summary>
internal static partial class ErrorMessageStyle
{
    [GeneratedRegex(@"Exception\(.*\$?""(?<text>(?:[^""\\]|\\.)*[^.]\.)""")]
    private static partial Regex MessageEndingInPeriod();

    public static List<string> Check(IEnumerable<(string Path, string[] Lines)> files)
    {
        var problems = new List<string>();
        foreach (var (path, lines) in files)
        {
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].TrimStart();
                if (line.StartsWith("//", StringComparison.Ordinal)) continue;
                var match = MessageEndingInPeriod().Match(line);
                if (match.Success) problems.Add($"{path}:{i + 1}: exception message \"{match.Groups["text"].Value}\" ends with a period");
            }
        }
        return problems;
    }
}
