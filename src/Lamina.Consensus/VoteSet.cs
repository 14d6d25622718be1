using Lamina.Core;

namespace Lamina.Consensus;

/// <summary>
/// The votes of one type for one (height, round): who voted what, the power behind each block id, and the
/// thresholds the state machine waits for. Every vote is checked (height, round, type, membership, signature) before
/// it counts. A validator's first vote is the one that counts; a second, different, validly signed vote is
/// equivocation and yields <see cref="DuplicateVoteEvidence"/>.
/// </summary>
public sealed class VoteSet
{
    private readonly string _chainId;
    private readonly ISignatureVerifier _verifier;
    private readonly Vote?[] _votes;
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
            return AddVoteResult.Conflicting;
        }
        _votes[index] = vote;
        TotalVotedPower = checked(TotalVotedPower + validator.Power);
        var power = checked(PowerFor(vote.BlockId) + validator.Power);
        _powerByBlock[vote.BlockId] = power;
        if (TwoThirdsMajority is null && Validators.IsQuorum(power)) TwoThirdsMajority = vote.BlockId;
        return AddVoteResult.Added;
    }

    /// <summary>The counted votes for <paramref name="blockId"/>, in validator (address) order.</summary>
    public IReadOnlyList<Vote> VotesFor(Hash256 blockId)
    {
        var list = new List<Vote>();
        foreach (var v in _votes)
        {
            if (v is not null && v.BlockId == blockId) list.Add(v);
        }
        return list;
    }

    /// <summary>The precommits for <paramref name="blockId"/> as a commit, signatures in validator (address) order.</summary>
    public Commit MakeCommit(Hash256 blockId)
    {
        if (Type != VoteType.Precommit) throw new InvalidOperationException("only precommits make a commit");
        if (!HasTwoThirdsFor(blockId)) throw new InvalidOperationException($"no 2/3+ precommits for {blockId}");
        var sigs = new List<CommitSignature>();
        foreach (var v in _votes)
        {
            if (v is not null && v.BlockId == blockId) sigs.Add(new CommitSignature(v.Validator, v.Signature));
        }
        return new Commit(Height, Round, blockId, sigs);
    }
}
