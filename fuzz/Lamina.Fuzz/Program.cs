using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lamina.Fuzz;
using SharpFuzz;

internal static class Program
{
    private const string Usage = """
        usage: dotnet run --project fuzz/Lamina.Fuzz -c Release -- <command>
          list                                 list the targets
          <target>                             run one target under AFL++ (SharpFuzz out-of-process; start with afl-fuzz)
          libfuzzer:<target>                   run one target under libFuzzer (start with libfuzzer-dotnet --target_arg=libfuzzer:<target>)
          write-corpus [dir]                   write the seed corpus (default: fuzz/corpus) and JSON dictionaries (fuzz/dict)
          smoke <target|all> <seconds> [seed]  in-process mutation fuzzing with a seeded PRNG; prints execs/s and crashes
          repro <target> <file>...             run a target on saved inputs and show any exception
        """;

    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        switch (args[0])
        {
            case "list":
                foreach (var (name, _) in FuzzTargets.Table) Console.WriteLine($"{name,-24} {FuzzTargets.Descriptions[name]}");
                return 0;
            case "write-corpus":
                return WriteCorpus(args.Length > 1 ? args[1] : Path.Combine(FuzzDirectory(), "corpus"));
            case "smoke" when args.Length >= 3:
                return Smoke(args[1], double.Parse(args[2], CultureInfo.InvariantCulture), args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1);
            case "repro" when args.Length >= 3:
                return Repro(Target(args[1]), args[2..]);
            case var libFuzzer when libFuzzer.StartsWith("libfuzzer:", StringComparison.Ordinal):
                // One argument, because libfuzzer-dotnet passes exactly one (--target_arg) to the target process.
                return RunFuzzer(libFuzzer["libfuzzer:".Length..], libFuzzer: true);
            default:
                return RunFuzzer(args[0], libFuzzer: false);
        }
    }

    private static Action<ReadOnlySpan<byte>> Target(string name)
        => FuzzTargets.Table.TryGetValue(name, out var target) ? target : throw new ArgumentException($"unknown target '{name}'; try 'list'");

    /// <summary>
    /// Runs one target under SharpFuzz. Nothing from the instrumented assemblies may run before Fuzzer.*.Run: their
    /// coverage probes write to AFL's shared memory, which Run attaches, so even the target table's static
    /// constructor would crash the fork server (SIGABRT). The table is looked up, and the fixtures (the RPC chain,
    /// the proof tree) are built, inside the first execution, which SharpFuzz runs once unreported as its set-up.
    /// </summary>
    private static int RunFuzzer(string name, bool libFuzzer)
    {
        Action<ReadOnlySpan<byte>>? target = null;
        void Execute(ReadOnlySpan<byte> input)
        {
            if (target is null)
            {
                if (!FuzzTargets.Table.TryGetValue(name, out target)) throw new ArgumentException($"unknown target '{name}'; try 'list'");
                target(Seeds.For(name)[0]);
            }
            target(input);
        }
        if (libFuzzer)
        {
            Fuzzer.LibFuzzer.Run(span => Execute(span));
        }
        else
        {
            Fuzzer.OutOfProcess.Run(stream =>
            {
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                Execute(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            });
        }
        return 0;
    }

    /// <summary>The repository's fuzz/ directory, found by walking up from the working directory.</summary>
    private static string FuzzDirectory() => TryFuzzDirectory() ?? throw new InvalidOperationException("run from inside the repository, or pass the corpus directory");

    private static string? TryFuzzDirectory()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "fuzz", "Lamina.Fuzz"))) return Path.Combine(dir.FullName, "fuzz");
            if (Directory.Exists(Path.Combine(dir.FullName, "Lamina.Fuzz"))) return dir.FullName;
        }
        return null;
    }

    private static int WriteCorpus(string corpus)
    {
        var dictDir = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(corpus))!, "dict");
        foreach (var name in FuzzTargets.Table.Keys)
        {
            var dir = Path.Combine(corpus, name);
            Directory.CreateDirectory(dir);
            foreach (var old in Directory.GetFiles(dir, "seed-*")) File.Delete(old);
            var seeds = Seeds.For(name);
            var extension = Mutator.DictionaryFor(name).Count > 0 ? "json" : "bin";
            for (var i = 0; i < seeds.Count; i++) File.WriteAllBytes(Path.Combine(dir, $"seed-{i:D2}.{extension}"), seeds[i]);
            Console.WriteLine($"{name,-24} {seeds.Count,3} seeds, {seeds.Sum(s => s.Length),7} bytes -> {dir}");

            var dictionary = Mutator.DictionaryFor(name);
            if (dictionary.Count > 0)
            {
                Directory.CreateDirectory(dictDir);
                var lines = dictionary.Select((token, i) => $"t{i}=\"{AflEscape(token)}\"");
                File.WriteAllLines(Path.Combine(dictDir, name + ".dict"), lines);
            }
        }
        return 0;
    }

    /// <summary>AFL dictionary syntax: printable ASCII except quote and backslash as-is, everything else as \xNN.</summary>
    private static string AflEscape(byte[] token)
    {
        var sb = new StringBuilder();
        foreach (var b in token)
        {
            if (b is >= 0x20 and < 0x7f && b != '"' && b != '\\') sb.Append((char)b);
            else sb.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
        }
        return sb.ToString();
    }

    private static int Smoke(string which, double seconds, int seed)
    {
        var names = which == "all" ? FuzzTargets.Table.Keys.ToArray() : [which];
        var totalCrashes = 0;
        foreach (var name in names)
        {
            var target = Target(name);
            var seeds = Seeds.For(name);
            foreach (var s in seeds) target(s); // seeds must pass, and this builds the fixtures outside the timing
            var mutator = new Mutator(new Random(HashCode.Combine(seed, name.Length, name[0], name[^1])), seeds, Mutator.DictionaryFor(name));
            var crashes = new Dictionary<string, (int Count, byte[] Input, Exception Error)>();
            long execs = 0;
            var clock = Stopwatch.StartNew();
            var limit = TimeSpan.FromSeconds(seconds);
            while (clock.Elapsed < limit)
            {
                for (var i = 0; i < 64; i++)
                {
                    var input = mutator.Next();
                    execs++;
                    try
                    {
                        target(input);
                    }
                    catch (Exception e)
                    {
                        var signature = Signature(e);
                        if (crashes.TryGetValue(signature, out var known))
                        {
                            crashes[signature] = (known.Count + 1, known.Input.Length <= input.Length ? known.Input : input, known.Error);
                        }
                        else
                        {
                            crashes[signature] = (1, input, e);
                        }
                    }
                }
            }
            var elapsed = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"{name,-24} {execs,10:N0} execs in {elapsed,5:F1} s = {execs / elapsed,9:N0} execs/s, {crashes.Count} distinct crash(es)");
            foreach (var (signature, (count, input, error)) in crashes)
            {
                totalCrashes++;
                var dir = Path.Combine(TryFuzzDirectory() ?? ".", "crashes", name);
                Directory.CreateDirectory(dir);
                var file = Path.Combine(dir, $"crash-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(input))[..16]}");
                File.WriteAllBytes(file, input);
                Console.WriteLine($"  CRASH x{count}: {signature}\n    smallest input ({input.Length} bytes) saved to {file}\n    {error.GetType().FullName}: {error.Message}");
                Console.WriteLine(Indent(error.StackTrace ?? "", "      "));
            }
        }
        return totalCrashes == 0 ? 0 : 1;
    }

    /// <summary>Exception type plus the innermost frame in Lamina code: one line per distinct bug.</summary>
    private static string Signature(Exception e)
    {
        var root = e;
        while (root.InnerException is not null) root = root.InnerException;
        var frame = new StackTrace(root, false).GetFrames().Select(f => f.GetMethod()).FirstOrDefault(m => m?.DeclaringType?.FullName?.StartsWith("Lamina.", StringComparison.Ordinal) == true);
        return $"{e.GetType().Name}/{root.GetType().Name} at {frame?.DeclaringType?.FullName}.{frame?.Name}";
    }

    private static string Indent(string text, string prefix) => string.Join('\n', text.Split('\n').Take(12).Select(l => prefix + l.Trim()));

    private static int Repro(Action<ReadOnlySpan<byte>> target, string[] files)
    {
        var failed = 0;
        foreach (var file in files)
        {
            try
            {
                target(File.ReadAllBytes(file));
                Console.WriteLine($"{file}: ok");
            }
            catch (Exception e)
            {
                failed++;
                Console.WriteLine($"{file}: {e}");
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
