using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.Consensus;

/// <summary>
/// Everything that can happen to the state machine. Inputs have a canonical encoding because the write-ahead log
/// stores them: replaying the logged inputs through a fresh machine rebuilds exactly the state before a crash.
/// </summary>
public abstract record ConsensusInput
{
    public const byte Version = 1;
    public const int MaxEncodedSize = 1 << 20;

    internal abstract byte Kind { get; }
    internal abstract void EncodeBody(CanonicalWriter writer);

    public byte[] Encode()
    {
        var w = new CanonicalWriter();
        w.WriteU8(Version);
        w.WriteU8(Kind);
        EncodeBody(w);
        return w.ToArray();
    }

    /// <summary>Decodes one input, refusing unknown versions and kinds and trailing bytes with <see cref="CodecException"/>.</summary>
    public static ConsensusInput Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new CanonicalReader(bytes);
        ConsensusInput input;
        try
        {
            r.ExpectVersion(Version, "consensus input");
            var at = r.Position;
            var kind = r.ReadU8("input kind");
            input = kind switch
            {
                1 => new StartHeight(r.ReadU64("height"), ValidatorSet.Decode(ref r)),
                2 => new ProposalReceived(Proposal.Decode(ref r), r.ReadBool("proposal validity")),
                3 => new VoteReceived(Vote.Decode(ref r)),
                4 => new TimeoutElapsed(r.ReadU64("height"), r.ReadU32("round"), ReadStep(ref r)),
                5 => new ProposeValue(r.ReadU64("height"), r.ReadU32("round"), r.ReadHash("block id")),
                6 => new CommitReceived(Commit.Decode(ref r)),
                _ => throw new CodecException(CodecError.UnknownKind, $"consensus input kind {kind} is unknown", at),
            };
        }
        catch (ArgumentException e)
        {
            throw new CodecException(CodecError.InvalidValue, $"consensus input: {e.Message}", r.Position);
        }
        r.EnsureEnd("consensus input");
        return input;
    }

    private static ConsensusStep ReadStep(ref CanonicalReader r)
    {
        var at = r.Position;
        var step = r.ReadU8("step");
        return step is >= (byte)ConsensusStep.Propose and <= (byte)ConsensusStep.Precommit
            ? (ConsensusStep)step
            : throw new CodecException(CodecError.UnknownKind, $"step {step} is unknown", at);
    }
}

/// <summary>Begin <paramref name="Height"/> with its validator set (after the previous height's block was executed).</summary>
public sealed record StartHeight(ulong Height, ValidatorSet Validators) : ConsensusInput
{
    internal override byte Kind => 1;
    internal override void EncodeBody(CanonicalWriter writer)
    {
        writer.WriteU64(Height);
        Validators.Encode(writer);
    }
}

/// <summary>A proposal arrived, with the application's verdict on the proposed block (validating it needs execution, which lives outside).</summary>
public sealed record ProposalReceived(Proposal Proposal, bool IsValid) : ConsensusInput
{
    internal override byte Kind => 2;
    internal override void EncodeBody(CanonicalWriter writer)
    {
        Proposal.Encode(writer);
        writer.WriteBool(IsValid);
    }
}

public sealed record VoteReceived(Vote Vote) : ConsensusInput
{
    internal override byte Kind => 3;
    internal override void EncodeBody(CanonicalWriter writer) => Vote.Encode(writer);
}

/// <summary>A timeout asked for by <see cref="ScheduleTimeout"/> fired.</summary>
public sealed record TimeoutElapsed(ulong Height, uint Round, ConsensusStep Step) : ConsensusInput
{
    internal override byte Kind => 4;
    internal override void EncodeBody(CanonicalWriter writer)
    {
        writer.WriteU64(Height);
        writer.WriteU32(Round);
        writer.WriteU8((byte)Step);
    }
}

/// <summary>The application's answer to <see cref="RequestProposal"/>: the id of the block it built.</summary>
public sealed record ProposeValue(ulong Height, uint Round, Hash256 BlockId) : ConsensusInput
{
    internal override byte Kind => 5;
    internal override void EncodeBody(CanonicalWriter writer)
    {
        writer.WriteU64(Height);
        writer.WriteU32(Round);
        writer.WriteHash(BlockId);
    }
}

/// <summary>A peer sent the commit of our current height (catch-up after a partition or crash); it is verified before use.</summary>
public sealed record CommitReceived(Commit Commit) : ConsensusInput
{
    internal override byte Kind => 6;
    internal override void EncodeBody(CanonicalWriter writer) => Commit.Encode(writer);
}
