using System.Globalization;

/// <summary>
/// The CPU time of each of this process's threads (Linux /proc/self/task/*/schedstat, in nanoseconds), so a benchmark
/// can say which threads did the work of a run. Empty where /proc is missing.
/// </summary>
internal sealed class ThreadCpuSample
{
    private readonly Dictionary<int, (string Name, long RunNs)> _threads;

    private ThreadCpuSample(Dictionary<int, (string Name, long RunNs)> threads) => _threads = threads;

    public static ThreadCpuSample Take()
    {
        var threads = new Dictionary<int, (string, long)>();
        const string Tasks = "/proc/self/task";
        if (!Directory.Exists(Tasks)) return new ThreadCpuSample(threads);
        foreach (var dir in Directory.EnumerateDirectories(Tasks))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n');
                // "time on a core (ns), time runnable waiting for one (ns), time slices"
                var onCore = File.ReadAllText(Path.Combine(dir, "schedstat")).Split(' ')[0];
                threads[int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture)] = (name, long.Parse(onCore, CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // The thread ended between the listing and the read: its time is gone with it.
            }
        }
        return new ThreadCpuSample(threads);
    }

    /// <summary>CPU microseconds per item spent since <paramref name="before"/>, by thread name (threads of one name summed), largest first.</summary>
    public IReadOnlyList<(string Name, double MicrosPerItem)> Since(ThreadCpuSample before, int items)
    {
        var byName = new Dictionary<string, long>();
        foreach (var (tid, (name, run)) in _threads)
        {
            var spent = run - (before._threads.TryGetValue(tid, out var earlier) && earlier.Name == name ? earlier.RunNs : 0);
            if (spent > 0) byName[name] = byName.GetValueOrDefault(name) + spent;
        }
        return [.. byName.Select(kv => (kv.Key, kv.Value / 1_000.0 / items)).OrderByDescending(t => t.Item2)];
    }

    /// <summary>This process's minor page faults so far (/proc/self/stat field 10: pages the kernel had to map in, most of
    /// them zero-filled on first touch); 0 where /proc is missing.</summary>
    public static long MinorFaults()
    {
        const string Stat = "/proc/self/stat";
        if (!File.Exists(Stat)) return 0;
        // Fields after the parenthesised command name: state, ppid, pgrp, session, tty, tpgid, flags, minflt.
        string[] fields = File.ReadAllText(Stat).Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(fields[7], CultureInfo.InvariantCulture);
    }
}
