using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>One accepted move as L1 keeps it: who made it, the bond it locked, the block time, the move's encoding.</summary>
public sealed record DisputeMoveEntry(Address Mover, UInt128 Bond, ulong TimeMs, byte[] Move);

/// <summary>
/// The game against output <see cref="OutputIndex"/> of a rollup, as L1 stores it: what it was created with and every
/// accepted move in order. The game's state is rebuilt by replaying the moves (<see cref="Rebuild"/>); the one thing
/// kept besides is L1's result of each derived descent (<see cref="Derived"/>), so that L1 derives a list once, in the
/// move that paid for it, and replays it from the result after (<see cref="Replay"/>). <see cref="Outcome"/> is null
/// while the game is open.
/// Encoding: version (1) ‖ rollup id ‖ output index ‖ anchor index (u64 each) ‖ anchor output (73) ‖ disputed L2 block
/// (u64) ‖ disputed root (32) ‖ proposer (20) ‖ created at height ‖ created ms ‖ outcome (u8, 0 open) ‖ resolved at
/// height (u64 each but the outcome) ‖ move count (u32 ≤ <see cref="MaxMoves"/>) ‖ per move: mover (20) ‖ bond (u128) ‖
/// time ms (u64) ‖ move (u32 length ‖ bytes). Version 2 (a game that derives block lists on L1, <see cref="Derivation"/>)
/// appends the derivation rules: genesis L1 height ‖ sequencing window ‖ forced window ‖ max drift ms ‖ channel timeout
/// (u64 each); a version-1 record is byte for byte what it was. Version 3 (a derived game with at least one derived
/// descent stored) is version 2 followed by the stored results: count (u32, ≥ 1) ‖ per result: move index (u32, strictly
/// ascending, below the move count) ‖ <see cref="DerivedResult"/>; a derived game without one stays version 2.
/// </summary>
public sealed record DisputeGameRecord(
    ulong RollupId,
    ulong OutputIndex,
    ulong AnchorIndex,
    OptimisticOutput Anchor,
    ulong DisputedBlock,
    Hash256 DisputedRoot,
    Address Proposer,
    ulong CreatedHeight,
    ulong CreatedMs,
    DisputeOutcome? Outcome,
    ulong ResolvedHeight,
    IReadOnlyList<DisputeMoveEntry> Moves) : ICanonical<DisputeGameRecord>
{
    public const byte Version = 1;
    public const byte DerivedVersion = 2;
    public const byte StoredDerivationsVersion = 3;

    /// <summary>Set when L1 derives every descended block's list in this game, with these rules.</summary>
    public DerivationRules? Derivation { get; init; }

    /// <summary>
    /// L1's result of each derived descent among <see cref="Moves"/>, ascending by move index, written by L1 when it
    /// applied the move (<see cref="DisputeLedger"/>); no move carries one. Empty unless the game derives lists.
    /// </summary>
    public IReadOnlyList<StoredDerivation> Derived { get; init; } = [];

    /// <summary>
    /// The most moves one game keeps: every move replays them all (a derived descent from its stored result: hashing
    /// and decoding, no blob check, no decompression), so this bounds a move's L1 work.
    /// </summary>
    public const int MaxMoves = 1024;

    /// <summary>
    /// The game's state: a fresh game replayed move by move under the rollup's parameters, its steps checking every
    /// deposit against <paramref name="records"/> and charging each block its origin's fees (L1 passes its own state; a
    /// challenger the same records read over RPC), each derived descent from L1's stored result (<see cref="Replay"/>).
    /// </summary>
    public OutputDisputeGame Rebuild(RollupConfig rollup, IRollupL1Records records) => Replay(rollup, records).Game;

    /// <summary>
    /// The game as L1 replays it: every derived descent with a stored result in <see cref="Derived"/> is replayed from
    /// it instead of being derived again (L1 dropped its blobs from the record when it stored the result: see
    /// <see cref="WithoutFrames"/>); one without (the new move) is derived from its blobs. Returns the game and the
    /// stored results of every derived descent, the new ones added, for the record L1 writes back. The results are
    /// L1's own state: a challenger reading the record from L1 trusts them as it trusts the rest of the record.
    /// </summary>
    public (OutputDisputeGame Game, IReadOnlyList<StoredDerivation> Derived) Replay(RollupConfig rollup, IRollupL1Records records)
    {
        var game = OutputDisputeGame.ForRollup(rollup, records, Anchor, DisputedBlock, DisputedRoot, Proposer, CreatedMs, Derivation);
        var derived = new List<StoredDerivation>(Derived.Count + 1);
        var next = 0;
        for (var i = 0; i < Moves.Count; i++)
        {
            var entry = Moves[i];
            var stored = StoredAt(i, ref next);
            var move = DisputeMove.Decode(entry.Move);
            game.Apply(move, entry.Mover, entry.Bond, entry.TimeMs, stored);
            if (move.IsDerive) derived.Add(new StoredDerivation(i, stored ?? game.Subgames[^1].Derived!.Result));
        }
        return (game, derived);
    }

    /// <summary>
    /// The record with the blob frames of every derived descent that has a stored result dropped from its move (its
    /// opening keeps the pre output, parent header, final state and mask a replay judges by): the blobs were checked
    /// once and stay in the L1 block that carried the move, so the record, which L1 reads and writes on every move,
    /// does not grow by up to ~390 KB per derived descent.
    /// </summary>
    public DisputeGameRecord WithoutFrames()
    {
        if (Derived.Count == 0) return this;
        var moves = Moves.ToArray();
        foreach (var stored in Derived)
        {
            var move = DisputeMove.Decode(moves[stored.Move].Move);
            if (move.Derived is not { Frames.Count: > 0 } opening) continue;
            moves[stored.Move] = moves[stored.Move] with { Move = (move with { Derived = opening with { Frames = [] } }).Encode() };
        }
        return this with { Moves = moves };
    }

    /// <summary>The stored result of move <paramref name="move"/>, if any (<paramref name="next"/>: the first of <see cref="Derived"/> not yet passed).</summary>
    public DerivedResult? StoredAt(int move, ref int next)
    {
        if (next >= Derived.Count || Derived[next].Move != move) return null;
        return Derived[next++].Result;
    }

    public void Encode(CanonicalWriter writer)
    {
        if (Derivation is null && Derived.Count > 0) throw new InvalidOperationException("only a game that derives lists stores derivations");
        writer.WriteU8(Derivation is null ? Version : Derived.Count == 0 ? DerivedVersion : StoredDerivationsVersion);
        writer.WriteU64(RollupId);
        writer.WriteU64(OutputIndex);
        writer.WriteU64(AnchorIndex);
        Anchor.Write(writer);
        writer.WriteU64(DisputedBlock);
        writer.WriteHash(DisputedRoot);
        writer.WriteAddress(Proposer);
        writer.WriteU64(CreatedHeight);
        writer.WriteU64(CreatedMs);
        writer.WriteU8((byte)(Outcome ?? 0));
        writer.WriteU64(ResolvedHeight);
        writer.WriteCount(Moves.Count);
        foreach (var move in Moves)
        {
            writer.WriteAddress(move.Mover);
            writer.WriteU128(move.Bond);
            writer.WriteU64(move.TimeMs);
            writer.WriteBytes(move.Move);
        }
        if (Derivation is not { } rules) return;
        writer.WriteU64(rules.GenesisL1Height);
        writer.WriteU64(rules.SequencingWindow);
        writer.WriteU64(rules.ForcedWindow);
        writer.WriteU64(rules.MaxSequencerDriftMs);
        writer.WriteU64(rules.ChannelTimeout);
        if (Derived.Count == 0) return;
        writer.WriteCount(Derived.Count);
        foreach (var stored in Derived)
        {
            writer.WriteU32(checked((uint)stored.Move));
            stored.Result.Write(writer);
        }
    }

    public static DisputeGameRecord Decode(ref CanonicalReader reader)
    {
        var versionAt = reader.Position;
        var version = reader.ReadU8("dispute game version");
        if (version is not (Version or DerivedVersion or StoredDerivationsVersion)) throw new CodecException(CodecError.UnknownVersion, $"dispute game version {version} is unknown", versionAt);
        var rollup = reader.ReadU64("rollup id");
        var output = reader.ReadU64("output index");
        var anchorIndex = reader.ReadU64("anchor index");
        var anchor = OptimisticOutput.Read(ref reader);
        var block = reader.ReadU64("disputed l2 block");
        var root = reader.ReadHash("disputed root");
        var proposer = reader.ReadAddress("proposer");
        var height = reader.ReadU64("created at height");
        var ms = reader.ReadU64("created ms");
        var at = reader.Position;
        var outcome = reader.ReadU8("outcome");
        if (outcome > (byte)DisputeOutcome.ChallengerWins) throw new CodecException(CodecError.InvalidValue, $"game outcome {outcome} is unknown", at);
        var resolved = reader.ReadU64("resolved at height");
        var count = reader.ReadCount(MaxMoves, Address.Size + 16 + 8 + 4, "moves");
        var moves = new DisputeMoveEntry[count];
        for (var i = 0; i < count; i++)
            moves[i] = new DisputeMoveEntry(reader.ReadAddress("mover"), reader.ReadU128("bond"), reader.ReadU64("move time"), reader.ReadBytes(DisputeMove.MaxEncodedSize, "move").ToArray());
        DerivationRules? derivation = version != Version
            ? new DerivationRules(reader.ReadU64("genesis l1 height"), reader.ReadU64("sequencing window"), reader.ReadU64("forced window"), reader.ReadU64("max drift ms"), reader.ReadU64("channel timeout"))
            : null;
        var derived = version == StoredDerivationsVersion ? ReadDerived(ref reader, count) : [];
        return new DisputeGameRecord(rollup, output, anchorIndex, anchor, block, root, proposer, height, ms, outcome == 0 ? null : (DisputeOutcome)outcome, resolved, moves)
            { Derivation = derivation, Derived = derived };
    }

    private static StoredDerivation[] ReadDerived(ref CanonicalReader reader, int moves)
    {
        var at = reader.Position;
        var count = reader.ReadCount(MaxMoves, 4 + DerivedResult.EncodedSize, "stored derivations");
        if (count == 0) throw new CodecException(CodecError.NonCanonical, "a game record without stored derivations is version 2", at);
        var derived = new StoredDerivation[count];
        for (var i = 0; i < count; i++)
        {
            at = reader.Position;
            var move = reader.ReadU32("derived move index");
            if (move >= (uint)moves) throw new CodecException(CodecError.InvalidValue, $"a derivation is stored for move {move} of {moves}", at);
            if (i > 0 && move <= (uint)derived[i - 1].Move) throw new CodecException(CodecError.NonCanonical, "stored derivations must be strictly ascending by move", at);
            derived[i] = new StoredDerivation((int)move, DerivedResult.Read(ref reader));
        }
        return derived;
    }
}
