using Spectre.Console;

namespace Lamina.Cli.Tests;

/// <summary>Runs `lamina` in-process with its console captured (no colours, no wrapping) and returns the exit code and output.</summary>
public static class CliRun
{
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 100_000;
        var (oldOut, oldError, oldConsole) = (Console.Out, Console.Error, AnsiConsole.Console);
        AnsiConsole.Console = console;
        Console.SetOut(writer);
        Console.SetError(writer);
        try
        {
            var exit = await Program.Main(args);
            return (exit, writer.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
            AnsiConsole.Console = oldConsole;
        }
    }
}
