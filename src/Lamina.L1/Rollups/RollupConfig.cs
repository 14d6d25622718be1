using Lamina.Core;
using Lamina.Core.Codec;

namespace Lamina.L1.Rollups;

/// <summary>
/// What a rollup is registered with, and never changes:
/// <list type="bullet">
/// <item><see cref="Id"/>: the rollup id (non-zero), also its DA namespace (<see cref="RollupNamespace"/>) and the
/// rollup id in its L2 signatures;</item>
/// <item><see cref="L2ChainId"/>: the chain id in its L2 signatures (forced transactions are checked with it);</item>
/// <item><see cref="GenesisOutputRoot"/>: the output root of L2 block 0, stored as output 0, final from the start;</item>
/// <item><see cref="ProposerBond"/>: what a proposer locks with every output root (positive);</item>
/// <item><see cref="ChallengeWindowSeconds"/>: how long an output stays open to a dispute, in L1 time (block header
/// time, never a wall clock): seconds on a devnet, 604,800 (7 days) in production;</item>
/// <item><see cref="SequencingWindowBlocks"/>: forced inclusion: a forced transaction queued at L1 height h must be
/// in the L2 chain derived from L1 blocks up to h + window; derivation includes it there if the sequencer has not;</item>
/// <item><see cref="BatchPoster"/>: the only address whose batch references count (OP Stack's batcher address);</item>
/// <item><see cref="L2Fees"/>: the L2 fee schedule (<see cref="RollupL2Fees"/>), so the sequencer, derivation and the
/// dispute game's one-step rule context all take the same fees from L1 (all zero: free).</item>
/// </list>
/// Encoding: id (u64) ‖ l2 chain id (u64) ‖ genesis output root (32) ‖ proposer bond (u128) ‖ challenge window (u64)
/// ‖ sequencing window (u64) ‖ batch poster (20) ‖ L2 fees (16), 116 bytes.
/// </summary>
public readonly record struct RollupConfig(
    ulong Id,
    ulong L2ChainId,
    Hash256 GenesisOutputRoot,
    UInt128 ProposerBond,
    ulong ChallengeWindowSeconds,
    ulong SequencingWindowBlocks,
    Address BatchPoster,
    RollupL2Fees L2Fees = default)
{
    public const int EncodedSize = 8 + 8 + Hash256.Size + 16 + 8 + 8 + Address.Size + RollupL2Fees.EncodedSize;

    /// <summary>The challenge window in milliseconds (block header time is in milliseconds).</summary>
    public ulong ChallengeWindowMs => checked(ChallengeWindowSeconds * 1000);

    /// <summary>Null when the parameters are in range, else what is wrong.</summary>
    public string? Problem()
    {
        if (Id == 0) return "rollup id 0 is reserved";
        if (ProposerBond == UInt128.Zero) return "the proposer bond must be positive, or a wrong root would cost nothing";
        if (ChallengeWindowSeconds is 0 or > RollupLimits.MaxChallengeWindowSeconds) return $"the challenge window must be 1 to {RollupLimits.MaxChallengeWindowSeconds} seconds, got {ChallengeWindowSeconds}";
        if (SequencingWindowBlocks is 0 or > RollupLimits.MaxSequencingWindowBlocks) return $"the sequencing window must be 1 to {RollupLimits.MaxSequencingWindowBlocks} L1 blocks, got {SequencingWindowBlocks}";
        if (BatchPoster.IsZero) return "the batch poster address must be set";
        return L2Fees.Problem();
    }

    public void Write(CanonicalWriter writer)
    {
        writer.WriteU64(Id);
        writer.WriteU64(L2ChainId);
        writer.WriteHash(GenesisOutputRoot);
        writer.WriteU128(ProposerBond);
        writer.WriteU64(ChallengeWindowSeconds);
        writer.WriteU64(SequencingWindowBlocks);
        writer.WriteAddress(BatchPoster);
        L2Fees.Write(writer);
    }

    /// <summary>
    /// The L2 fee schedule of an L2 block whose L1 origin charged <paramref name="originBlobBaseFee"/> per blob byte:
    /// what the sequencer, derivation and the one-step rule context of a dispute over that block all execute under.
    /// </summary>
    public Lamina.L2.Optimistic.OptimisticFeeSchedule L2FeesAt(ulong originBlobBaseFee) => L2Fees.At(originBlobBaseFee);

    /// <summary>Reads a config and refuses one out of range (<see cref="CodecError.InvalidValue"/>).</summary>
    public static RollupConfig Read(ref CanonicalReader reader)
    {
        var at = reader.Position;
        var config = new RollupConfig(reader.ReadU64("rollup id"), reader.ReadU64("l2 chain id"), reader.ReadHash("genesis output root"),
            reader.ReadU128("proposer bond"), reader.ReadU64("challenge window"), reader.ReadU64("sequencing window"), reader.ReadAddress("batch poster"),
            RollupL2Fees.Read(ref reader));
        if (config.Problem() is { } problem) throw new CodecException(CodecError.InvalidValue, problem, at);
        return config;
    }
}
