using Lamina.Core;

namespace Lamina.Consensus;

/// <summary>
/// The votes of one type for one (height, round): who voted what, the power behind each block id, and the
/// thresholds the state machine waits for. Every vote is checked (height, round, type, membership, signature) before
/// it counts. A second, different, validly signed vote from the same validator is equivocation and yields
/// <see cref="DuplicateVoteEvidence"/>.
/// <para>
/// As in the paper, "2f+1 prevotes for v" counts every validator that signed a prevote for v, so an equivocator's
/// second vote still counts towards its own block id (but only once towards the any-vote total). Counting only the
/// first vote would let an equivocator hide a proof of lock from the nodes that happened to hear its other vote first,
/// and the simulation showed that stalls the network for good. To bound memory a validator's votes count for at most
/// two block ids per round and type (CometBFT bounds them with peer majority claims instead).
/// </para>
/// </summary>
public sealed class VoteSet
{
    private readonly string _chainId;
    private readonly ISignatureVerifier _verifier;
    private readonly Vote?[] _votes;
    private readonly Vote?[] _conflicting;
    // Lookup only; the quorum value is remembered when it forms, so nothing iterates this map.
    private readonly Dictionary<Hash256, ulong> _powerByBlock = [];

    public VoteSet(string chainId, ulong height, uint round, VoteType type, ValidatorSet validators, ISignatureVerifier? verifier = null)
    {
        _chainId = chainId;
        Height = height;
        Round = round;
        Type = type;
        Validators = validators;
        _verifier = verifier ?? Ed25519Verifier.Instance;
        _votes = new Vote?[validators.Count];
        _conflicting = new Vote?[validators.Count];
    }

    public ulong Height { get; }
    public uint Round { get; }
    public VoteType Type { get; }
    public ValidatorSet Validators { get; }

    /// <summary>Power of all counted votes, whatever they are for.</summary>
    public ulong TotalVotedPower { get; private set; }

    /// <summary>The block id (possibly nil, the zero hash) that more than 2/3 of the power voted for, once one has.</summary>
    public Hash256? TwoThirdsMajority { get; private set; }

    public bool HasTwoThirdsAny => Validators.IsQuorum(TotalVotedPower);
    public bool HasOneThirdAny => Validators.IsOneThirdPlus(TotalVotedPower);

    public ulong PowerFor(Hash256 blockId) => _powerByBlock.GetValueOrDefault(blockId);
    public bool HasTwoThirdsFor(Hash256 blockId) => Validators.IsQuorum(PowerFor(blockId));

    public Vote? GetVote(int validatorIndex) => _votes[validatorIndex];

    /// <summary>
    /// Checks and counts <paramref name="vote"/>. Throws <see cref="InvalidVoteException"/> for a vote that does not
    /// belong here or is not validly signed; returns <see cref="AddVoteResult.Conflicting"/> with evidence for equivocation.
    /// </summary>
    public AddVoteResult Add(Vote vote, out DuplicateVoteEvidence? evidence)
    {
        evidence = null;
        if (vote.Height != Height) throw new InvalidVoteException(VoteRejection.WrongHeight, $"vote is for height {vote.Height}, this set is for {Height}");
        if (vote.Round != Round) throw new InvalidVoteException(VoteRejection.WrongRound, $"vote is for round {vote.Round}, this set is for {Round}");
        if (vote.Type != Type) throw new InvalidVoteException(VoteRejection.WrongType, $"vote is a {vote.Type}, this set holds {Type}s");
        var index = Validators.IndexOf(vote.Validator);
        if (index < 0) throw new InvalidVoteException(VoteRejection.UnknownValidator, $"{vote.Validator} is not a validator at height {Height}");
        var existing = _votes[index];
        if (existing is not null && existing.Equals(vote)) return AddVoteResult.Duplicate;
        if (_conflicting[index] is { } second && second.Equals(vote)) return AddVoteResult.Duplicate;
        var validator = Validators.Validators[index];
        if (!vote.VerifySignature(_chainId, validator.PublicKey, _verifier))
        {
            throw new InvalidVoteException(VoteRejection.BadSignature, $"bad {vote.Type} signature from {vote.Validator}");
        }
        if (existing is not null)
        {
            // Same block id with a different signature cannot happen with deterministic Ed25519 and one key; count it
            // as a duplicate rather than evidence, since it proves no conflicting intent.
            if (existing.BlockId == vote.BlockId) return AddVoteResult.Duplicate;
            evidence = DuplicateVoteEvidence.Create(existing, vote);
            if (_conflicting[index] is null)
            {
                _conflicting[index] = vote;
                CountFor(vote.BlockId, validator.Power);
            }
            else if (_conflicting[index]!.BlockId == vote.BlockId)
            {
                return AddVoteResult.Duplicate;
            }
            return AddVoteResult.Conflicting;
        }
        _votes[index] = vote;
        TotalVotedPower = checked(TotalVotedPower + validator.Power);
        CountFor(vote.BlockId, validator.Power);
        return AddVoteResult.Added;
    }

    private void CountFor(Hash256 blockId, ulong power)
    {
        var total = checked(PowerFor(blockId) + power);
        _powerByBlock[blockId] = total;
        if (TwoThirdsMajority is null && Validators.IsQuorum(total)) TwoThirdsMajority = blockId;
    }

    private Vote? VoteFor(int index, Hash256 blockId)
        => _votes[index] is { } first && first.BlockId == blockId ? first
         : _conflicting[index] is { } second && second.BlockId == blockId ? second : null;

    /// <summary>The counted votes for <paramref name="blockId"/>, in validator (address) order.</summary>
    public IReadOnlyList<Vote> VotesFor(Hash256 blockId)
    {
        var list = new List<Vote>();
        for (var i = 0; i < _votes.Length; i++)
        {
            if (VoteFor(i, blockId) is { } v) list.Add(v);
        }
        return list;
    }

    /// <summary>The precommits for <paramref name="blockId"/> as a commit, signatures in validator (address) order.</summary>
    public Commit MakeCommit(Hash256 blockId)
    {
        if (Type != VoteType.Precommit) throw new InvalidOperationException("only precommits make a commit");
        if (!HasTwoThirdsFor(blockId)) throw new InvalidOperationException($"no 2/3+ precommits for {blockId}");
        var sigs = new List<CommitSignature>();
        for (var i = 0; i < _votes.Length; i++)
        {
            if (VoteFor(i, blockId) is { } v) sigs.Add(new CommitSignature(v.Validator, v.Signature));
        }
        return new Commit(Height, Round, blockId, sigs);
    }
}
