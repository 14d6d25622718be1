using System.Diagnostics;
using System.Runtime.InteropServices;
using Lamina.Bench;

var suite = args.Length > 0 ? args[0].ToLowerInvariant() : "";
var suites = new Dictionary<string, Action>
{
    ["l1-exec"] = L1ExecSuite.Run,
    ["smt"] = SmtSuite.Run,
    ["rocksdb"] = RocksDbSuite.Run,
    ["consensus"] = ConsensusSuite.Run,
    ["blob-root"] = BlobRootSuite.Run,
    ["blob-throughput"] = BlobThroughputSuite.Run,
    ["da-storage"] = DaStorageSuite.Run,
};
if (suite != "all" && !suites.ContainsKey(suite))
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Lamina.Bench -- <l1-exec|smt|rocksdb|consensus|blob-root|blob-throughput|da-storage|all>");
    return 2;
}
#if DEBUG
Console.Error.WriteLine("warning: Debug build; figures are meaningless. Use -c Release.");
#endif
Console.WriteLine($"# Lamina.Bench {suite} — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} logical cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
var total = Stopwatch.StartNew();
foreach (var (name, run) in suites)
{
    if (suite != "all" && suite != name) continue;
    run();
    Harness.ForceGc();
}
Console.WriteLine($"\n(total {total.Elapsed.TotalSeconds:0.0} s)");
return 0;
