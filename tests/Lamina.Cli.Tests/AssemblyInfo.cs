// The CLI writes to the process-wide console (Spectre's AnsiConsole, Console.Out) and reads LAMINA_RPC_TIMEOUT from
// the environment, so its tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
