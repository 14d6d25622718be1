using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.L1.Rollups;

/// <summary>
/// One output root of a rollup, numbered from 0 (the genesis root). <see cref="PostedTimeMs"/> is the header time of
/// the block that carried it; it finalizes at the end of the first block whose time is at least
/// <see cref="PostedTimeMs"/> + the challenge window (<see cref="FinalizesAtMs"/>).
/// Encoding: version (1) ‖ rollup id ‖ index ‖ L2 block number (u64 each) ‖ output root (32) ‖ proposer (20) ‖
/// bond (u128) ‖ posted at height ‖ posted time ms (u64 each) ‖ status (u8), 110 bytes.
/// </summary>
public sealed record RollupOutputRecord(
    ulong RollupId,
    ulong Index,
    ulong L2BlockNumber,
    Hash256 OutputRoot,
    Address Proposer,
    UInt128 Bond,
    ulong PostedAtHeight,
    ulong PostedTimeMs,
    OutputStatus Status) : ICanonical<RollupOutputRecord>
{
    public const byte Version = 1;

    /// <summary>When the window of an output posted at <see cref="PostedTimeMs"/> ends under <paramref name="config"/>.</summary>
    public ulong FinalizesAtMs(RollupConfig config) => checked(PostedTimeMs + config.ChallengeWindowMs);

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        writer.WriteU64(RollupId);
        writer.WriteU64(Index);
        writer.WriteU64(L2BlockNumber);
        writer.WriteHash(OutputRoot);
        writer.WriteAddress(Proposer);
        writer.WriteU128(Bond);
        writer.WriteU64(PostedAtHeight);
        writer.WriteU64(PostedTimeMs);
        writer.WriteU8((byte)Status);
    }

    public static RollupOutputRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "rollup output");
        var rollup = reader.ReadU64("rollup id");
        var index = reader.ReadU64("output index");
        var block = reader.ReadU64("l2 block number");
        var root = reader.ReadHash("output root");
        var proposer = reader.ReadAddress("proposer");
        var bond = reader.ReadU128("bond");
        var height = reader.ReadU64("posted at height");
        var time = reader.ReadU64("posted time");
        var at = reader.Position;
        var status = reader.ReadU8("output status");
        if (status is < (byte)OutputStatus.Proposed or > (byte)OutputStatus.Replaced) throw new CodecException(CodecError.InvalidValue, $"output status {status} is unknown", at);
        return new RollupOutputRecord(rollup, index, block, root, proposer, bond, height, time, (OutputStatus)status);
    }
}
