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

    /// <summary>
    /// The largest encoded input: a proposer's <see cref="ProposeValue"/> carries its whole block (at most
    /// <see cref="ProposeValue.MaxValueSize"/>) plus a few fixed fields; every other input is far smaller.
    /// </summary>
    public const int MaxEncodedSize = ProposeValue.MaxValueSize + 64;

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
                7 => ReadProposeValueWithValue(ref r),
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

    private static ProposeValue ReadProposeValueWithValue(ref CanonicalReader r)
    {
        var height = r.ReadU64("height");
        var round = r.ReadU32("round");
        var id = r.ReadHash("block id");
        var at = r.Position;
        var value = r.ReadBytes(ProposeValue.MaxValueSize, "proposed value").ToArray();
        // Kind 5 is the one encoding of a value-less answer, so an empty value here would be a second one.
        if (value.Length == 0) throw new CodecException(CodecError.InvalidValue, "a proposed value of kind 7 is empty", at);
        return new ProposeValue(height, round, id) { Value = value };
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

/// <summary>
/// The application's answer to <see cref="RequestProposal"/>: the id of the block it built, and optionally the block's
/// bytes in <see cref="Value"/>, opaque to the machine. A driver passes the bytes so that the one fsynced WAL record
/// that precedes signing the proposal also keeps the block (CometBFT logs its own block parts the same way): a
/// proposer killed after signing then finds on replay the very block its proposal and votes name, and needs no
/// second synced write of its own. Without a value the encoding is kind 5, with one kind 7.
/// </summary>
public sealed record ProposeValue(ulong Height, uint Round, Hash256 BlockId) : ConsensusInput
{
    /// <summary>The largest value logged: a block of up to 32 MiB (L1's block limit) plus its framing.</summary>
    public const int MaxValueSize = 33 * 1024 * 1024;

    public ReadOnlyMemory<byte> Value { get; init; }

    internal override byte Kind => Value.IsEmpty ? (byte)5 : (byte)7;

    internal override void EncodeBody(CanonicalWriter writer)
    {
        writer.WriteU64(Height);
        writer.WriteU32(Round);
        writer.WriteHash(BlockId);
        if (Value.IsEmpty) return;
        if (Value.Length > MaxValueSize) throw new ArgumentException($"a proposed value of {Value.Length} bytes exceeds {MaxValueSize}");
        writer.WriteBytes(Value.Span);
    }

    // Records compare a ReadOnlyMemory by reference; two answers with the same bytes are the same answer.
    public bool Equals(ProposeValue? other)
        => other is not null && Height == other.Height && Round == other.Round && BlockId == other.BlockId && Value.Span.SequenceEqual(other.Value.Span);

    public override int GetHashCode() => HashCode.Combine(Height, Round, BlockId, Value.Length);
}

/// <summary>A peer sent the commit of our current height (catch-up after a partition or crash); it is verified before use.</summary>
public sealed record CommitReceived(Commit Commit) : ConsensusInput
{
    internal override byte Kind => 6;
    internal override void EncodeBody(CanonicalWriter writer) => Commit.Encode(writer);
}
