namespace Lamina.Consensus;

/// <summary>Why a vote or proposal was refused.</summary>
public enum VoteRejection
{
    WrongHeight,
    WrongRound,
    WrongType,
    UnknownValidator,
    BadSignature,
    NotProposer,
}

/// <summary>A vote or proposal was refused; <see cref="Reason"/> says which check failed.</summary>
public sealed class InvalidVoteException(VoteRejection reason, string message) : Exception(message)
{
    public VoteRejection Reason { get; } = reason;
}
