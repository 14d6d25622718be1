namespace Lamina.Consensus;

/// <summary>
/// All prevotes and precommits of one height, by round. It also tracks, per round, the power of the distinct
/// validators that sent any vote there: more than a third of it in a higher round is the paper's "f+1 messages from
/// round r" that makes a lagging validator skip ahead. Rounds far beyond the current one are refused so a Byzantine
/// validator cannot make us allocate one vote set per round number it invents.
/// </summary>
public sealed class HeightVoteSet
{
    private readonly string _chainId;
    private readonly ISignatureVerifier _verifier;
    private readonly SortedDictionary<uint, RoundVotes> _rounds = [];

    public HeightVoteSet(string chainId, ulong height, ValidatorSet validators, uint maxRoundsAhead, ISignatureVerifier? verifier = null)
    {
        _chainId = chainId;
        Height = height;
        Validators = validators;
        MaxRoundsAhead = maxRoundsAhead;
        _verifier = verifier ?? Ed25519Verifier.Instance;
    }

    public ulong Height { get; }
    public ValidatorSet Validators { get; }
    public uint MaxRoundsAhead { get; }

    /// <summary>The round the owner is in; votes more than <see cref="MaxRoundsAhead"/> past it are refused.</summary>
    public uint CurrentRound { get; set; }

    public VoteSet Prevotes(uint round) => Get(round).Prevotes;
    public VoteSet Precommits(uint round) => Get(round).Precommits;

    /// <summary>Adds a vote to its round's set; see <see cref="VoteSet.Add"/>.</summary>
    public AddVoteResult Add(Vote vote, out DuplicateVoteEvidence? evidence)
    {
        if (vote.Round > CurrentRound && vote.Round - CurrentRound > MaxRoundsAhead)
        {
            throw new InvalidVoteException(VoteRejection.WrongRound, $"vote for round {vote.Round} is more than {MaxRoundsAhead} rounds past round {CurrentRound}");
        }
        var rv = Get(vote.Round);
        var set = vote.Type == VoteType.Prevote ? rv.Prevotes : rv.Precommits;
        var result = set.Add(vote, out evidence);
        if (result == AddVoteResult.Added)
        {
            var index = Validators.IndexOf(vote.Validator);
            if (!rv.Seen[index])
            {
                rv.Seen[index] = true;
                rv.ParticipatingPower = checked(rv.ParticipatingPower + Validators.Validators[index].Power);
            }
        }
        return result;
    }

    /// <summary>The highest round above <paramref name="round"/> in which validators holding over 1/3 of the power have voted, if any.</summary>
    public uint? HighestRoundWithOneThirdAbove(uint round)
    {
        uint? best = null;
        foreach (var (r, rv) in _rounds)
        {
            if (r > round && Validators.IsOneThirdPlus(rv.ParticipatingPower)) best = r;
        }
        return best;
    }

    /// <summary>Rounds with a 2/3+ precommit majority for a non-nil block, lowest first (sorted iteration).</summary>
    public IEnumerable<(uint Round, VoteSet Precommits)> RoundsWithPrecommitMajority()
    {
        foreach (var (r, rv) in _rounds)
        {
            if (rv.Precommits.TwoThirdsMajority is { IsZero: false }) yield return (r, rv.Precommits);
        }
    }

    private RoundVotes Get(uint round)
    {
        if (!_rounds.TryGetValue(round, out var rv))
        {
            rv = new RoundVotes(
                new VoteSet(_chainId, Height, round, VoteType.Prevote, Validators, _verifier),
                new VoteSet(_chainId, Height, round, VoteType.Precommit, Validators, _verifier),
                new bool[Validators.Count]);
            _rounds[round] = rv;
        }
        return rv;
    }

    private sealed class RoundVotes(VoteSet prevotes, VoteSet precommits, bool[] seen)
    {
        public VoteSet Prevotes { get; } = prevotes;
        public VoteSet Precommits { get; } = precommits;
        public bool[] Seen { get; } = seen;
        public ulong ParticipatingPower { get; set; }
    }
}
