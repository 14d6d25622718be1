using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>One accepted move as L1 keeps it: who made it, the bond it locked, the block time, the move's encoding.</summary>
public sealed record DisputeMoveEntry(Address Mover, UInt128 Bond, ulong TimeMs, byte[] Move);

/// <summary>
/// The game against output <see cref="OutputIndex"/> of a rollup, as L1 stores it: what it was created with and every
/// accepted move in order. The game's state is rebuilt by replaying the moves (<see cref="Rebuild"/>), so the record
/// holds no derived data that could disagree with the rules. <see cref="Outcome"/> is null while the game is open.
/// Encoding: version (1) ‖ rollup id ‖ output index ‖ anchor index (u64 each) ‖ anchor output (73) ‖ disputed L2 block
/// (u64) ‖ disputed root (32) ‖ proposer (20) ‖ created at height ‖ created ms ‖ outcome (u8, 0 open) ‖ resolved at
/// height (u64 each but the outcome) ‖ move count (u32 ≤ <see cref="MaxMoves"/>) ‖ per move: mover (20) ‖ bond (u128) ‖
/// time ms (u64) ‖ move (u32 length ‖ bytes). Version 2 (a game that derives block lists on L1, <see cref="Derivation"/>)
/// appends the derivation rules: genesis L1 height ‖ sequencing window ‖ forced window ‖ max drift ms ‖ channel timeout
/// (u64 each); a version-1 record is byte for byte what it was.
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

    /// <summary>Set when L1 derives every descended block's list in this game, with these rules.</summary>
    public DerivationRules? Derivation { get; init; }

    /// <summary>The most moves one game keeps: every move replays them all, so this bounds a move's L1 work.</summary>
    public const int MaxMoves = 1024;

    /// <summary>
    /// The game's state: a fresh game replayed move by move under the rollup's parameters, its steps checking every
    /// deposit against <paramref name="records"/> and charging each block its origin's fees (L1 passes its own state; a
    /// challenger the same records read over RPC).
    /// </summary>
    public OutputDisputeGame Rebuild(RollupConfig rollup, IRollupL1Records records)
    {
        var game = OutputDisputeGame.ForRollup(rollup, records, Anchor, DisputedBlock, DisputedRoot, Proposer, CreatedMs, Derivation);
        foreach (var entry in Moves) game.Apply(DisputeMove.Decode(entry.Move), entry.Mover, entry.Bond, entry.TimeMs);
        return game;
    }

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Derivation is null ? Version : DerivedVersion);
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
    }

    public static DisputeGameRecord Decode(ref CanonicalReader reader)
    {
        var versionAt = reader.Position;
        var version = reader.ReadU8("dispute game version");
        if (version is not (Version or DerivedVersion)) throw new CodecException(CodecError.UnknownVersion, $"dispute game version {version} is unknown", versionAt);
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
        DerivationRules? derivation = version == DerivedVersion
            ? new DerivationRules(reader.ReadU64("genesis l1 height"), reader.ReadU64("sequencing window"), reader.ReadU64("forced window"), reader.ReadU64("max drift ms"), reader.ReadU64("channel timeout"))
            : null;
        return new DisputeGameRecord(rollup, output, anchorIndex, anchor, block, root, proposer, height, ms, outcome == 0 ? null : (DisputeOutcome)outcome, resolved, moves) { Derivation = derivation };
    }
}
