using Lamina.Core.Codec;

namespace Lamina.L1.Rollups;

/// <summary>
/// One registered rollup: its <see cref="RollupConfig"/> and its counters. The queues it heads (deposits, forced
/// transactions, batches, outputs) are records of their own, numbered from 0 up to the <c>Next…</c> counters, so a
/// reader walks them in order without enumerating the state tree.
/// <list type="bullet">
/// <item><see cref="TotalDeposited"/> and <see cref="TotalWithdrawn"/>: what deposits locked and finalized
/// withdrawals paid out; the escrow account holds exactly the difference (<see cref="Escrowed"/>).</item>
/// <item><see cref="FirstOpenOutput"/>: the oldest output not yet settled; the end-block hook finalizes from there.</item>
/// <item><see cref="LastOutputL2Block"/>: the L2 block number of the newest output; the next must be above it.</item>
/// </list>
/// Encoding: version (2) ‖ config (116) ‖ registered at height ‖ total deposited (u128) ‖ total withdrawn (u128) ‖
/// next deposit ‖ next forced ‖ next batch ‖ next output ‖ first open output ‖ last output L2 block (u64 each).
/// </summary>
public sealed record RollupRecord(
    RollupConfig Config,
    ulong RegisteredAtHeight,
    UInt128 TotalDeposited,
    UInt128 TotalWithdrawn,
    ulong NextDeposit,
    ulong NextForced,
    ulong NextBatch,
    ulong NextOutput,
    ulong FirstOpenOutput,
    ulong LastOutputL2Block) : ICanonical<RollupRecord>
{
    /// <summary>2 since the config carries the L2 fee schedule (version 1 records had a 100-byte config).</summary>
    public const byte Version = 2;

    public ulong Id => Config.Id;

    /// <summary>What the escrow account holds for this rollup: deposits not yet withdrawn.</summary>
    public UInt128 Escrowed => TotalDeposited - TotalWithdrawn;

    /// <summary>A freshly registered rollup: output 0 (the genesis root) exists and is final, nothing else yet.</summary>
    public static RollupRecord Registered(RollupConfig config, ulong height) => new(config, height, 0, 0, 0, 0, 0, 1, 1, 0);

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        Config.Write(writer);
        writer.WriteU64(RegisteredAtHeight);
        writer.WriteU128(TotalDeposited);
        writer.WriteU128(TotalWithdrawn);
        writer.WriteU64(NextDeposit);
        writer.WriteU64(NextForced);
        writer.WriteU64(NextBatch);
        writer.WriteU64(NextOutput);
        writer.WriteU64(FirstOpenOutput);
        writer.WriteU64(LastOutputL2Block);
    }

    public static RollupRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "rollup record");
        var config = RollupConfig.Read(ref reader);
        var at = reader.Position;
        var record = new RollupRecord(config, reader.ReadU64("registered at height"), reader.ReadU128("total deposited"), reader.ReadU128("total withdrawn"),
            reader.ReadU64("next deposit"), reader.ReadU64("next forced"), reader.ReadU64("next batch"), reader.ReadU64("next output"),
            reader.ReadU64("first open output"), reader.ReadU64("last output l2 block"));
        if (record.TotalWithdrawn > record.TotalDeposited) throw new CodecException(CodecError.InvalidValue, "a rollup cannot have paid out more than was deposited", at);
        if (record.NextOutput == 0 || record.FirstOpenOutput == 0 || record.FirstOpenOutput > record.NextOutput)
            throw new CodecException(CodecError.InvalidValue, "output counters out of order: output 0 is the genesis root and the first open output is between 1 and the next", at);
        return record;
    }
}
