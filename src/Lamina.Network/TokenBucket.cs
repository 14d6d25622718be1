namespace Lamina.Network;

/// <summary>Inbound rate limit for one peer: refills at a fixed rate, holds at most twice that (a one-second burst).</summary>
internal sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly double _ratePerSecond;
    private readonly double _capacity;
    private double _tokens;
    private long _stamp;

    public TokenBucket(TimeProvider time, double ratePerSecond)
    {
        _time = time;
        _ratePerSecond = ratePerSecond;
        _capacity = ratePerSecond * 2;
        _tokens = _capacity;
        _stamp = time.GetTimestamp();
    }

    /// <summary>Takes one token; false when the peer is over its budget. Called only from that peer's receive loop.</summary>
    public bool TryTake()
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_capacity, _tokens + _time.GetElapsedTime(_stamp, now).TotalSeconds * _ratePerSecond);
        _stamp = now;
        if (_tokens < 1) return false;
        _tokens -= 1;
        return true;
    }
}
