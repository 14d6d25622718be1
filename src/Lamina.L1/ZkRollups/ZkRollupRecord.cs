using Lamina.Core.Codec;
using Lamina.Stark.Hashing;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// One registered ZK rollup: its config and what L1 knows of it.
/// <list type="bullet">
/// <item><see cref="AccountRoot"/>: the last proven account root (the genesis root until batch 0 lands); with
/// <see cref="PriorityProcessed"/> it is the rollup's state root (<c>ZkState.ComputeRoot</c>).</item>
/// <item>The priority queue is serials [<see cref="PriorityProcessed"/>, <see cref="NextPriority"/>).</item>
/// <item><see cref="TotalDeposited"/> and <see cref="TotalPaidOut"/> (withdrawals, forced exits, refunds, exodus
/// claims): the escrow account holds exactly the difference.</item>
/// <item><see cref="FrozenAtHeight"/>: 0 while live; the L1 height the rollup froze at (exodus mode) otherwise.</item>
/// </list>
/// Encoding: version (1) ‖ config (45) ‖ registered at (u64) ‖ account root (32) ‖ next batch ‖ priority processed ‖
/// next priority (u64 each) ‖ total deposited ‖ total paid out (u128 each) ‖ last batch height ‖ frozen at ‖
/// rejected batches ‖ exits (u64 each).
/// </summary>
public sealed record ZkRollupRecord(
    ZkRollupConfig Config,
    ulong RegisteredAtHeight,
    RpoDigest AccountRoot,
    ulong NextBatch,
    ulong PriorityProcessed,
    ulong NextPriority,
    UInt128 TotalDeposited,
    UInt128 TotalPaidOut,
    ulong LastBatchHeight,
    ulong FrozenAtHeight,
    ulong RejectedBatches,
    ulong Exits) : ICanonical<ZkRollupRecord>
{
    public const byte Version = 1;

    public uint Id => Config.RollupId;
    public bool IsFrozen => FrozenAtHeight != 0;
    public ulong PendingPriority => NextPriority - PriorityProcessed;
    public UInt128 Escrowed => TotalDeposited - TotalPaidOut;

    /// <summary>The rollup's state root as the batch proofs see it: account root and priority counter.</summary>
    public RpoDigest StateRoot => L2.Zk.State.ZkState.ComputeRoot(AccountRoot, PriorityProcessed);

    public static ZkRollupRecord Registered(ZkRollupConfig config, ulong height) => new(config, height, config.GenesisAccountRoot, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public void Encode(CanonicalWriter writer)
    {
        writer.WriteU8(Version);
        Config.Write(writer);
        writer.WriteU64(RegisteredAtHeight);
        writer.WriteRaw(AccountRoot.ToBytes());
        writer.WriteU64(NextBatch);
        writer.WriteU64(PriorityProcessed);
        writer.WriteU64(NextPriority);
        writer.WriteU128(TotalDeposited);
        writer.WriteU128(TotalPaidOut);
        writer.WriteU64(LastBatchHeight);
        writer.WriteU64(FrozenAtHeight);
        writer.WriteU64(RejectedBatches);
        writer.WriteU64(Exits);
    }

    public static ZkRollupRecord Decode(ref CanonicalReader reader)
    {
        reader.ExpectVersion(Version, "ZK rollup record");
        var config = ZkRollupConfig.Read(ref reader);
        var registered = reader.ReadU64("registered at height");
        var root = ZkRollupConfig.ReadDigest(ref reader, "account root");
        var at = reader.Position;
        var record = new ZkRollupRecord(config, registered, root, reader.ReadU64("next batch"), reader.ReadU64("priority processed"), reader.ReadU64("next priority"),
            reader.ReadU128("total deposited"), reader.ReadU128("total paid out"), reader.ReadU64("last batch height"), reader.ReadU64("frozen at height"),
            reader.ReadU64("rejected batches"), reader.ReadU64("exits"));
        if (record.PriorityProcessed > record.NextPriority) throw new CodecException(CodecError.InvalidValue, "more priority operations processed than queued", at);
        if (record.TotalPaidOut > record.TotalDeposited) throw new CodecException(CodecError.InvalidValue, "a rollup cannot have paid out more than was deposited", at);
        return record;
    }
}
