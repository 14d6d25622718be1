using System.Globalization;

/// <summary>
/// The CPU time of each of this process's threads (Linux /proc/self/task), so a benchmark can say which threads did
/// the work of a run and how much of two cores sat idle. Resolution: a clock tick (10 ms), enough over a run of a second.
/// Empty where /proc is missing.
/// </summary>
internal sealed class ThreadCpuSample
{
    private const double TickMicros = 10_000; // USER_HZ = 100 on Linux

    private readonly Dictionary<int, (string Name, long Ticks)> _threads;

    private ThreadCpuSample(Dictionary<int, (string Name, long Ticks)> threads) => _threads = threads;

    public static ThreadCpuSample Take()
    {
        var threads = new Dictionary<int, (string, long)>();
        const string Tasks = "/proc/self/task";
        if (!Directory.Exists(Tasks)) return new ThreadCpuSample(threads);
        foreach (var dir in Directory.EnumerateDirectories(Tasks))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // "tid (comm) state ..." where comm may hold spaces: fields after the last ')' are numbered from 3.
                var close = stat.LastIndexOf(')');
                var name = stat[(stat.IndexOf('(') + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                threads[int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture)] = (name, ticks);
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
        foreach (var (tid, (name, ticks)) in _threads)
        {
            var spent = ticks - (before._threads.TryGetValue(tid, out var earlier) && earlier.Name == name ? earlier.Ticks : 0);
            if (spent > 0) byName[name] = byName.GetValueOrDefault(name) + spent;
        }
        return [.. byName.Select(kv => (kv.Key, kv.Value * TickMicros / items)).OrderByDescending(t => t.Item2)];
    }
}
