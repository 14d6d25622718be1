using Lamina.Core.Codec;
using Lamina.L1.Blobs;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups.Dispute.Derivation;

/// <summary>
/// Derives one L2 block's list on L1, with the code and rules derivation runs: the supplied blobs are checked against
/// the commitments L1 recorded for the batch references that carry them, their frames reassembled into one channel
/// (within the channel timeout), decompressed under the 4 MiB cap and decoded; the channel's entry for the block must
/// pass the batch rules against the parent header and L1's block times; deposits are every one L1 recorded at or
/// before the block's origin not yet credited, forced transactions at least every one due (submitted a forced window
/// before the origin, the window shrunk by the delay buffer the agreed parent's header carries) and at most every one
/// submitted by it, as the entry asks; the block's own deficit follows from them. Nothing either party says about the
/// list is trusted. Refusals are <see cref="InvalidDisputeMoveException"/>s with the reason.
/// </summary>
/// <remarks>
/// An opening without frames derives the block derivation builds itself after a silent sequencing window. Not derived
/// here (stated in docs/optimistic-rollup.md): whether derivation refused an earlier entry of the same channel.
/// </remarks>
public sealed class L1ListDeriver(DerivationRules rules, IRollupDerivationRecords records)
{
    public DerivationRules Rules => rules;

    public DerivedList Derive(L2HeaderPreimage parent, DerivedOpening opening)
    {
        if (opening.Frames.Count == 0) return Auto(parent);
        var (blocks, inclusion) = Channel(opening.Frames);
        var number = checked(parent.Number + 1);
        OptimisticBatchBlock? entry = null;
        foreach (var block in blocks)
        {
            if (block.Number == number) { entry = block; break; }
        }
        if (entry is null) throw new InvalidDisputeMoveException(DisputeError.BlockNotInChannel, $"the channel has no entry for L2 block {number}");
        CheckRules(parent, entry, inclusion);
        var last = opening.Frames[^1];
        return Build(parent, entry.L1Origin, entry.TimestampMs, entry.ForcedCount, entry.Transactions, new DerivationSource(inclusion, last.BatchNumber, last.BlobPosition));
    }

    /// <summary>
    /// The block derivation builds itself when the sequencer has posted nothing for a sequencing window after the
    /// parent's origin: at L1 height max(parent origin, genesis) + window + 1, after that height's channels, with the
    /// next origin, deposits and the forced transactions due, and nothing of the sequencer's.
    /// </summary>
    private DerivedList Auto(L2HeaderPreimage parent)
    {
        var height = checked(Math.Max(parent.L1Origin, rules.GenesisL1Height) + rules.SequencingWindow + 1);
        if (records.L1TimeAt(height) is null)
            throw new InvalidDisputeMoveException(DisputeError.UnknownOrigin, $"derivation builds L2 block {parent.Number + 1} itself only at L1 height {height}, which L1 has not recorded");
        var origin = Math.Max(checked(parent.L1Origin + 1), rules.GenesisL1Height);
        var originTime = records.L1TimeAt(origin) ?? throw new InvalidDisputeMoveException(DisputeError.UnknownOrigin, $"L1 has no time record of origin {origin}");
        return Build(parent, origin, Math.Max(checked(parent.TimestampMs + 1), originTime), 0, [], DerivationSource.Auto(height));
    }

    private DerivedList Build(L2HeaderPreimage parent, ulong origin, ulong timestampMs, ulong forcedCount, IReadOnlyList<OptimisticBatchItem> sequenced, DerivationSource source)
    {
        var candidates = new List<byte[]>();
        var nextDeposit = parent.NextDeposit;
        while (records.DepositHeight(nextDeposit) is { } height && height <= origin)
        {
            records.TryGet(nextDeposit, out var recipient, out var amount);
            candidates.Add(OneStepTransaction.ForDeposit(nextDeposit, recipient, amount).Encode());
            nextDeposit = checked(nextDeposit + 1);
        }
        var buffer = rules.DelayBuffer;
        var nextForced = Forced(parent.NextForced, origin, buffer.WindowWith(rules.ForcedWindow, parent.DelayBufferDeficit), forcedCount, candidates);
        var deficit = nextForced == parent.NextForced
            ? parent.DelayBufferDeficit
            : buffer.DeficitAfter(parent.DelayBufferDeficit, SubmittedHeight(parent.NextForced), SubmittedHeight(nextForced), origin);
        foreach (var item in sequenced) candidates.Add(OneStepTransaction.ForItem(item).Encode());
        if (candidates.Count > ExecutionStep.MaxTransactions)
            throw new InvalidDisputeMoveException(DisputeError.BatchRuleBroken, $"{candidates.Count} transactions exceed the block limit {ExecutionStep.MaxTransactions}");
        return new DerivedList(checked(parent.Number + 1), parent.Hash, origin, timestampMs, nextDeposit, nextForced, candidates, source) { DelayBufferDeficit = deficit };
    }

    /// <summary>
    /// The L1 height the last forced transaction before queue position <paramref name="next"/> was submitted at (the
    /// rollup's first L1 height before any), as derivation's delay buffer counts it.
    /// </summary>
    private ulong SubmittedHeight(ulong next)
    {
        if (next == 0) return rules.GenesisL1Height;
        return records.Forced(next - 1) is { } forced
            ? forced.L1Height
            : throw new InvalidDisputeMoveException(DisputeError.UnknownOrigin, $"L1 has no forced transaction {next - 1}");
    }

    /// <summary>The channel's blocks and the L1 height it completed at (its last frame's batch reference).</summary>
    private (IReadOnlyList<OptimisticBatchBlock> Blocks, ulong Inclusion) Channel(IReadOnlyList<DerivedFrame> frames)
    {
        var decoded = new List<OptimisticChannelFrame>(frames.Count);
        ulong first = ulong.MaxValue, inclusion = 0;
        foreach (var frame in frames)
        {
            var batch = records.Batch(frame.BatchNumber) ?? throw new InvalidDisputeMoveException(DisputeError.UnknownBatch, $"L1 has no batch {frame.BatchNumber}");
            if (frame.BlobPosition >= (uint)batch.Commitments.Count)
                throw new InvalidDisputeMoveException(DisputeError.UnknownBatch, $"batch {frame.BatchNumber} has {batch.Commitments.Count} blob(s), not a blob {frame.BlobPosition}");
            if (BlobCommitment.Of(frame.Data) != batch.Commitments[(int)frame.BlobPosition])
                throw new InvalidDisputeMoveException(DisputeError.BlobDataMismatch, $"the bytes given for blob {frame.BlobPosition} of batch {frame.BatchNumber} are not the blob L1 recorded");
            first = Math.Min(first, batch.PostedAtHeight);
            inclusion = Math.Max(inclusion, batch.PostedAtHeight);
            try
            {
                decoded.Add(OptimisticChannelFrame.Decode(frame.Data));
            }
            catch (CodecException e)
            {
                throw new InvalidDisputeMoveException(DisputeError.MalformedChannel, $"blob {frame.BlobPosition} of batch {frame.BatchNumber} is not a channel frame: {e.Message}");
            }
        }
        // Derivation drops a pending channel once an L1 block more than the timeout after its first frame ends, and a
        // frame of that block is added before the drop: so the last frame may land up to timeout + 1 blocks later.
        if (inclusion - first > checked(rules.ChannelTimeout + 1))
            throw new InvalidDisputeMoveException(DisputeError.ChannelTimedOut, $"the frames were referenced at L1 heights {first} to {inclusion}, beyond the channel timeout of {rules.ChannelTimeout}");
        try
        {
            return (OptimisticChannelPayload.Decompress(OptimisticChannelFrame.Assemble(decoded)), inclusion);
        }
        catch (CodecException e)
        {
            throw new InvalidDisputeMoveException(DisputeError.MalformedChannel, $"the frames do not make a channel that decodes: {e.Message}");
        }
    }

    /// <summary>Derivation's batch rules for the entry against its parent, at the L1 height its channel completed.</summary>
    private void CheckRules(L2HeaderPreimage parent, OptimisticBatchBlock entry, ulong inclusion)
    {
        string? broken = null;
        if (entry.L1Origin < parent.L1Origin) broken = $"origin {entry.L1Origin} is below the parent's {parent.L1Origin}";
        else if (entry.L1Origin > inclusion || entry.L1Origin < rules.GenesisL1Height) broken = $"origin {entry.L1Origin} is not an L1 block derivation had seen at {inclusion}";
        else if (inclusion - entry.L1Origin > rules.SequencingWindow) broken = $"origin {entry.L1Origin} is more than the sequencing window {rules.SequencingWindow} before {inclusion}";
        if (broken is not null) throw new InvalidDisputeMoveException(DisputeError.BatchRuleBroken, broken);
        var originTime = records.L1TimeAt(entry.L1Origin)
            ?? throw new InvalidDisputeMoveException(DisputeError.UnknownOrigin, $"L1 has no time record of origin {entry.L1Origin}");
        if (entry.TimestampMs <= parent.TimestampMs || entry.TimestampMs < originTime || entry.TimestampMs - originTime > rules.MaxSequencerDriftMs)
            throw new InvalidDisputeMoveException(DisputeError.BatchRuleBroken, $"time {entry.TimestampMs} does not follow the parent's {parent.TimestampMs} within the drift of origin time {originTime}");
    }

    /// <summary>Adds the forced transactions the entry consumes; returns the queue position after them.</summary>
    private ulong Forced(ulong next, ulong origin, ulong window, ulong forcedCount, List<byte[]> candidates)
    {
        var dueBy = origin >= checked(rules.GenesisL1Height + window) ? origin - window : (ulong?)null;
        var wanted = ulong.MaxValue - next < forcedCount ? ulong.MaxValue : next + forcedCount;
        var taken = next;
        for (var index = next; records.Forced(index) is { } forced && forced.L1Height <= origin; index++)
        {
            var due = dueBy is { } by && forced.L1Height <= by;
            if (index >= wanted && !due) break;
            candidates.Add(forced.Transaction.Encode());
            taken = checked(index + 1);
        }
        return taken;
    }
}
