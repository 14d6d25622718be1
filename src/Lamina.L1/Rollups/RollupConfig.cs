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
/// dispute game's one-step rule context all take the same fees from L1 (all zero: free);</item>
/// <item><see cref="DisputeClockSeconds"/> and <see cref="DisputeExtensionSeconds"/>: each side's chess clock in a
/// dispute game and the extension a last-moment move gets (OP Stack: 3.5 days and 3 hours). Both zero: not
/// registered, and the game derives them from the challenge window (<c>OutputGameConfig.ForRollup</c>).</item>
/// </list>
/// Two encodings, each config having exactly one:
/// <list type="bullet">
/// <item>version 1 (no version byte; a config without dispute clocks): id (u64) ‖ l2 chain id (u64) ‖ genesis output
/// root (32) ‖ proposer bond (u128) ‖ challenge window (u64) ‖ sequencing window (u64) ‖ batch poster (20) ‖ L2 fees
/// (16), 116 bytes;</item>
/// <item>version 2 (a config with dispute clocks): 8 zero bytes (where version 1 has its id, which is never 0) ‖
/// version (2) ‖ the version-1 fields ‖ dispute clock seconds (u64) ‖ extension seconds (u64), 141 bytes.</item>
/// </list>
/// </summary>
public readonly record struct RollupConfig(
    ulong Id,
    ulong L2ChainId,
    Hash256 GenesisOutputRoot,
    UInt128 ProposerBond,
    ulong ChallengeWindowSeconds,
    ulong SequencingWindowBlocks,
    Address BatchPoster,
    RollupL2Fees L2Fees = default,
    ulong DisputeClockSeconds = 0,
    ulong DisputeExtensionSeconds = 0)
{
    /// <summary>The version-1 size (no dispute clocks).</summary>
    public const int EncodedSize = 8 + 8 + Hash256.Size + 16 + 8 + 8 + Address.Size + RollupL2Fees.EncodedSize;

    /// <summary>The version-2 size: the marker, the version byte, the version-1 fields and the two clock fields.</summary>
    public const int VersionedEncodedSize = 8 + 1 + EncodedSize + 8 + 8;

    /// <summary>The version byte of the encoding with dispute clocks.</summary>
    public const byte ClockVersion = 2;

    /// <summary>Whether the registration sets the dispute game's clocks (encoded as version 2).</summary>
    public bool HasDisputeClock => DisputeClockSeconds != 0 || DisputeExtensionSeconds != 0;

    /// <summary>OP Stack's fault dispute game clocks: 3.5 days per side, 3 hours of extension.</summary>
    public const ulong ProductionDisputeClockSeconds = 302_400;
    public const ulong ProductionDisputeExtensionSeconds = 10_800;

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
        if (HasDisputeClock)
        {
            if (DisputeClockSeconds is 0 or > RollupLimits.MaxChallengeWindowSeconds) return $"the dispute clock must be 1 to {RollupLimits.MaxChallengeWindowSeconds} seconds, got {DisputeClockSeconds}";
            if (DisputeExtensionSeconds == 0 || DisputeExtensionSeconds >= DisputeClockSeconds)
                return $"the dispute clock extension must be positive and below the clock ({DisputeClockSeconds} s), got {DisputeExtensionSeconds}";
        }
        return L2Fees.Problem();
    }

    public void Write(CanonicalWriter writer)
    {
        if (HasDisputeClock)
        {
            writer.WriteU64(0);
            writer.WriteU8(ClockVersion);
        }
        writer.WriteU64(Id);
        writer.WriteU64(L2ChainId);
        writer.WriteHash(GenesisOutputRoot);
        writer.WriteU128(ProposerBond);
        writer.WriteU64(ChallengeWindowSeconds);
        writer.WriteU64(SequencingWindowBlocks);
        writer.WriteAddress(BatchPoster);
        L2Fees.Write(writer);
        if (HasDisputeClock)
        {
            writer.WriteU64(DisputeClockSeconds);
            writer.WriteU64(DisputeExtensionSeconds);
        }
    }

    /// <summary>
    /// The L2 fee schedule of an L2 block whose L1 origin charged <paramref name="originBlobBaseFee"/> per blob byte:
    /// what the sequencer, derivation and the one-step rule context of a dispute over that block all execute under.
    /// </summary>
    public Lamina.L2.Optimistic.OptimisticFeeSchedule L2FeesAt(ulong originBlobBaseFee) => L2Fees.At(originBlobBaseFee);

    /// <summary>
    /// Reads either version and refuses one out of range (<see cref="CodecError.InvalidValue"/>), an unknown version
    /// (<see cref="CodecError.UnknownVersion"/>), or a version-2 encoding without clocks, which has only the
    /// version-1 form (<see cref="CodecError.NonCanonical"/>).
    /// </summary>
    public static RollupConfig Read(ref CanonicalReader reader)
    {
        var at = reader.Position;
        var id = reader.ReadU64("rollup id");
        var versioned = id == 0;
        if (versioned)
        {
            reader.ExpectVersion(ClockVersion, "rollup config");
            id = reader.ReadU64("rollup id");
        }
        var config = new RollupConfig(id, reader.ReadU64("l2 chain id"), reader.ReadHash("genesis output root"),
            reader.ReadU128("proposer bond"), reader.ReadU64("challenge window"), reader.ReadU64("sequencing window"), reader.ReadAddress("batch poster"),
            RollupL2Fees.Read(ref reader));
        if (versioned)
        {
            config = config with { DisputeClockSeconds = reader.ReadU64("dispute clock"), DisputeExtensionSeconds = reader.ReadU64("dispute clock extension") };
            if (!config.HasDisputeClock) throw new CodecException(CodecError.NonCanonical, "a rollup config without dispute clocks is encoded as version 1", at);
        }
        if (config.Problem() is { } problem) throw new CodecException(CodecError.InvalidValue, problem, at);
        return config;
    }
}
