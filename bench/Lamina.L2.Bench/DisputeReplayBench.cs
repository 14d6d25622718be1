using System.Diagnostics;
using System.Globalization;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.L1.Blobs;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic;

/// <summary>
/// Issue 14's replay cost: L1's work for a move late in a game that derives lists, a griefer's game of k derived
/// descents (each carrying three blobs of a channel of n signed transfers, all on the same block claim) followed by
/// m cheap execution-level attacks. L1 replays the record for every move; timed here is that replay plus the new
/// (cheap) move, as <see cref="DisputeLedger"/> runs it: with L1's stored derivations (now) and without them, every
/// derived descent derived again from its blobs (before: the blob checks and the decompression of every descent); and
/// the replay when the last derived descent is the new move (its derivation and Merkle roots, what its gas pays for).
/// Also the record's size and its encode + decode (L1 reads and writes it on every move), now without the blob frames
/// of descents whose result is stored and before with them, and the gas the moves pay.
/// </summary>
internal static class DisputeReplayBench
{
    public static void Run(int descents, int cheap, int transfers, int rounds = 7)
    {
        var rollup = new RollupConfig(7, 4242, new Hash256(new byte[32]), 1_000_000, 10, 5, new Address(Enumerable.Repeat((byte)0x22, Address.Size).ToArray()));
        var config = OutputGameConfig.ForRollup(rollup);
        var rules = new DerivationRules(1, 8, 8, DerivationRules.DefaultMaxSequencerDriftMs, DerivationRules.DefaultChannelTimeout);
        var records = new BenchRecords();

        // The agreed parent (L2 block 0 at origin 1) and its output, the game's anchor.
        var parentWriter = new CanonicalWriter();
        parentWriter.WriteU8(L2HeaderPreimage.Version);
        parentWriter.WriteU64(0);
        parentWriter.WriteHash(new Hash256(new byte[32]));
        foreach (var field in new ulong[] { 1, 1_000, 0, 0, 0 }) parentWriter.WriteU64(field);
        parentWriter.WriteU32(0);
        parentWriter.WriteHash(new Hash256(Enumerable.Repeat((byte)0x01, 32).ToArray()));
        parentWriter.WriteHash(new Hash256(Enumerable.Repeat((byte)0x02, 32).ToArray()));
        var parentBytes = parentWriter.ToArray();
        var parent = L2HeaderPreimage.Decode(parentBytes);

        // Block 1's channel of n transfers from 64 senders, posted as blobs at L1 height 2.
        var keys = Enumerable.Range(0, 64).Select(i => SigningKey.FromSeed([.. BitConverter.GetBytes((long)i + 1), .. new byte[24]])).ToArray();
        var items = new List<OptimisticBatchItem>(transfers);
        for (var i = 0; i < transfers; i++)
            items.Add(OptimisticBatchItem.From(OptimisticTransfer.Create(keys[i % keys.Length], rollup.L2ChainId, rollup.Id, keys[(i + 1) % keys.Length].Address, 1 + (ulong)i % 97, 1, (ulong)(i / keys.Length))));
        var channel = OptimisticChannelPayload.Compress([new OptimisticBatchBlock(1, 2_000, 1, 0, items)]);
        var frameSize = Math.Min(BlobParameters.MaxBlobBytes, channel.Length / DerivedOpening.MaxFrames + OptimisticChannelFrame.HeaderSize + 1);
        var blobs = OptimisticChannelFrame.Split(channel, frameSize);
        records.Batches.Add(new RecordedBatch([.. blobs.Select(b => BlobCommitment.Of(b))], 2));
        var frames = blobs.Select((b, i) => new DerivedFrame(0, (uint)i, b)).ToArray();
        var mask = Enumerable.Repeat(true, transfers).ToArray();

        var proposer = new Address(Enumerable.Repeat((byte)0xC1, Address.Size).ToArray());
        var griefer = new Address(Enumerable.Repeat((byte)0x6E, Address.Size).ToArray());
        var moves = new List<DisputeMoveEntry>();
        var now = 10_000UL;
        void Add(DisputeMove move, Address mover, UInt128 bond) => moves.Add(new DisputeMoveEntry(mover, bond, now++, move.Encode()));
        // Bisection down to the first block: BlockDepth attacks, each on the last, sides alternating.
        for (var d = 1; d <= config.BlockDepth; d++) Add(DisputeMove.Attack((uint)(d - 1), Filler(d)), d % 2 == 1 ? griefer : proposer, config.BlockLevel.BondAt(d));
        var leaf = (uint)config.BlockDepth;
        var firstSubgame = leaf + 1;
        var derive = DisputeMove.Derive(leaf, attack: true, new DerivedOpening(parent.Output, parentBytes, Filler(1_000), mask, frames));
        for (var k = 0; k < descents; k++)
            Add(derive with { Derived = derive.Derived! with { FinalStateRoot = Filler(1_000 + k) } }, griefer, config.ExecutionLevel.BaseBond);
        // Cheap moves: attacks on the subgames' root claims (distinct commitments), round robin.
        for (var c = 0; c <= cheap; c++)
            Add(DisputeMove.Attack((uint)(firstSubgame + c % descents), Filler(10_000 + c)), proposer, config.ExecutionLevel.BondAt(1));

        var fresh = new DisputeGameRecord(rollup.Id, 0, 0, parent.Output, 1, Filler(7), proposer, 1, 9_000, null, 0, moves) { Derivation = rules };
        // L1 state after the first k + BlockDepth + m moves: their derivations stored as L1 stored them move by move.
        var (_, derived) = fresh.Replay(rollup, records);
        var stored = (fresh with { Derived = derived }).WithoutFrames();
        var blobBytes = frames.Sum(f => f.Data.Length);
        var derivePayload = new DisputeMovePayload(rollup.Id, 0, config.ExecutionLevel.BaseBond, derive);
        var cheapPayload = new DisputeMovePayload(rollup.Id, 0, config.ExecutionLevel.BondAt(1), DisputeMove.Attack(firstSubgame, Filler(1)));

        Console.WriteLine($"dispute-replay: {descents} derived descents ({frames.Length} blobs, {blobBytes:N0} blob bytes, {OptimisticChannelPayload.Encode([new OptimisticBatchBlock(1, 2_000, 1, 0, items)]).Length:N0} bytes decompressed, {transfers:N0} candidates each), then {cheap} cheap moves; the move timed is move {moves.Count}");
        Console.WriteLine($"gas: a derived descent {derivePayload.IntrinsicGas:N0}, a cheap move {cheapPayload.IntrinsicGas:N0}");
        Console.WriteLine($"record: {Canonical.Encode(stored).Length:N0} bytes now ({derived.Count} stored derivations, {derived.Count * (4 + DerivedResult.EncodedSize):N0} bytes of them; blob frames dropped), {Canonical.Encode(fresh).Length:N0} bytes before (every move's blobs kept)");

        Time("one derivation (the derived descent's own cost, once)", rounds, () => new L1ListDeriver(rules, records).Derive(parent, derive.Derived!));
        Time("replay for the new move, stored derivations (now)", rounds, () => stored.Replay(rollup, records));
        Time("replay for the new move, deriving every descent (before)", rounds, () => fresh.Replay(rollup, records));
        var lastUnstored = (fresh with { Derived = [.. derived.Take(derived.Count - 1)] }).WithoutFrames();
        Time("replay with the last derived descent new (its derivation, once)", rounds, () => lastUnstored.Replay(rollup, records));
        Time("record encode + decode (read and write per move), now", rounds, () => Canonical.Decode<DisputeGameRecord>(Canonical.Encode(stored)));
        Time("record encode + decode (read and write per move), before", rounds, () => Canonical.Decode<DisputeGameRecord>(Canonical.Encode(fresh)));
    }

    private static Hash256 Filler(int i)
    {
        var bytes = new byte[32];
        BitConverter.TryWriteBytes(bytes, i);
        bytes[31] = 0xAB;
        return new Hash256(bytes);
    }

    private static void Time(string what, int rounds, Action run)
    {
        run();
        var samples = new double[rounds];
        for (var r = 0; r < rounds; r++)
        {
            var watch = Stopwatch.StartNew();
            run();
            samples[r] = watch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(samples);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what,-60} median {samples[rounds / 2],9:F2} ms  (min {samples[0]:F2}, max {samples[^1]:F2}, {rounds} rounds)"));
    }

    /// <summary>L1's records as the bench sets them: L1 block h at h × 1,000 ms, blob base fee 0, no deposits or forced transactions.</summary>
    private sealed class BenchRecords : IRollupDerivationRecords
    {
        public List<RecordedBatch> Batches { get; } = [];

        public bool TryGet(ulong index, out Address recipient, out ulong amount)
        {
            recipient = default;
            amount = 0;
            return false;
        }

        public ulong? BlobBaseFeeAt(ulong l1Height) => 0;

        public ulong? L1TimeAt(ulong l1Height) => l1Height * 1_000;

        public ulong? DepositHeight(ulong index) => null;

        public (OneStepTransaction Transaction, ulong L1Height)? Forced(ulong index) => null;

        public RecordedBatch? Batch(ulong number) => number < (ulong)Batches.Count ? Batches[(int)number] : null;
    }
}
