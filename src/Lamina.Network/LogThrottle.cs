namespace Lamina.Network;

/// <summary>
/// Lets at most <c>burst</c> log lines of one kind through per window and counts the rest, so a peer that opens
/// thousands of connections cannot fill the disk with one line each. The first line let through after a window in
/// which lines were held back says how many were.
/// </summary>
public sealed class LogThrottle(TimeProvider time, TimeSpan window, int burst)
{
    private readonly Lock _gate = new();
    private long _windowStart = long.MinValue;
    private int _inWindow;
    private long _suppressed;

    /// <summary>True when this line may be written; <paramref name="suppressedBefore"/> is how many were held back since the last one written.</summary>
    public bool TryEnter(out long suppressedBefore)
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            if (_windowStart == long.MinValue || time.GetElapsedTime(_windowStart, now) >= window)
            {
                _windowStart = now;
                _inWindow = 0;
            }
            if (_inWindow >= burst)
            {
                _suppressed++;
                suppressedBefore = 0;
                return false;
            }
            _inWindow++;
            suppressedBefore = _suppressed;
            _suppressed = 0;
            return true;
        }
    }
}
