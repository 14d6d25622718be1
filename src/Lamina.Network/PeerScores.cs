namespace Lamina.Network;

/// <summary>
/// Misbehaviour scores per key (node id or IP address). Scores decay linearly over time so an honest peer that
/// once relayed a bad transaction is not banned weeks later for a second one; a hostile peer crosses the threshold
/// long before decay matters. Time comes from <see cref="TimeProvider"/> so tests can step it.
/// </summary>
public sealed class PeerScores<TKey> where TKey : notnull
{
    private readonly TimeProvider _time;
    private readonly double _decayPerSecond;
    private readonly Dictionary<TKey, (double Score, long Stamp)> _scores = [];
    private readonly Lock _lock = new();

    public PeerScores(TimeProvider time, double decayPerSecond)
    {
        if (decayPerSecond < 0) throw new ArgumentOutOfRangeException(nameof(decayPerSecond));
        _time = time;
        _decayPerSecond = decayPerSecond;
    }

    /// <summary>Adds <paramref name="points"/> and returns the new (decayed) score.</summary>
    public double Add(TKey key, double points)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var score = _scores.TryGetValue(key, out var entry) ? Decayed(entry, now) : 0;
            score += points;
            _scores[key] = (score, now);
            return score;
        }
    }

    public double Get(TKey key)
    {
        lock (_lock)
        {
            return _scores.TryGetValue(key, out var entry) ? Decayed(entry, _time.GetTimestamp()) : 0;
        }
    }

    /// <summary>Forgets a key (after a ban, the ban is what matters; the score restarts at zero when it lifts).</summary>
    public void Reset(TKey key)
    {
        lock (_lock)
        {
            _scores.Remove(key);
        }
    }

    private double Decayed((double Score, long Stamp) entry, long now)
    {
        var elapsed = _time.GetElapsedTime(entry.Stamp, now).TotalSeconds;
        return Math.Max(0, entry.Score - elapsed * _decayPerSecond);
    }
}
