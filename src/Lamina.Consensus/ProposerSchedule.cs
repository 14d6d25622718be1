namespace Lamina.Consensus;

/// <summary>
/// Memoised weighted round-robin over a fixed validator list. Advancing from step 0 to step s costs O(n·s), so the
/// schedule keeps a cursor (consensus asks for increasing heights, making each call O(n) amortised) and a
/// checkpoint of the priorities every <see cref="CheckpointEvery"/> steps so a query behind the cursor replays at
/// most that many steps. Priorities are Int128 with checked arithmetic: from the all-zero start they always sum to
/// zero and stay within ±total power, so they cannot overflow, and an overflow would be a bug, not a wrap.
/// </summary>
internal sealed class ProposerSchedule
{
    internal const int CheckpointEvery = 1024;
    private readonly ulong[] _powers;
    private readonly Int128 _total;
    private readonly List<Int128[]> _checkpoints = [];
    private readonly Lock _lock = new();
    private Int128[] _cursor;
    private ulong _cursorStep;

    public ProposerSchedule(IReadOnlyList<Validator> validators)
    {
        _powers = new ulong[validators.Count];
        for (var i = 0; i < _powers.Length; i++)
        {
            _powers[i] = validators[i].Power;
            _total = checked(_total + validators[i].Power);
        }
        _cursor = new Int128[_powers.Length];
        _checkpoints.Add((Int128[])_cursor.Clone());
    }

    public int ProposerAt(ulong step)
    {
        lock (_lock)
        {
            if (step < _cursorStep)
            {
                var k = (int)(step / CheckpointEvery);
                _cursor = (Int128[])_checkpoints[k].Clone();
                _cursorStep = (ulong)k * CheckpointEvery;
            }
            while (_cursorStep < step) Advance();
            // The proposer of a step is the winner of the increment that starts from that step's priorities,
            // computed on a copy so the cursor stays at `step`.
            var scratch = (Int128[])_cursor.Clone();
            return Increment(scratch);
        }
    }

    /// <summary>The priorities after <paramref name="steps"/> increments from zero (for tests of the schedule's period).</summary>
    internal Int128[] PrioritiesAfter(ulong steps)
    {
        var p = new Int128[_powers.Length];
        for (ulong s = 0; s < steps; s++) Increment(p);
        return p;
    }

    private void Advance()
    {
        Increment(_cursor);
        _cursorStep = checked(_cursorStep + 1);
        if (_cursorStep % CheckpointEvery == 0 && _cursorStep / CheckpointEvery == (ulong)_checkpoints.Count)
        {
            _checkpoints.Add((Int128[])_cursor.Clone());
        }
    }

    private int Increment(Int128[] priorities)
    {
        var best = 0;
        for (var i = 0; i < priorities.Length; i++)
        {
            priorities[i] = checked(priorities[i] + _powers[i]);
            // Strictly greater: on a tie the earlier index (the lower address) keeps the slot, as in CometBFT.
            if (priorities[i] > priorities[best]) best = i;
        }
        priorities[best] = checked(priorities[best] - _total);
        return best;
    }
}
