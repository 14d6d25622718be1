using Lamina.Core.Codec;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Rollups;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Hashing;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// What registering a ZK rollup fixes forever. <see cref="RollupId"/> is also its DA namespace
/// (<see cref="RollupNamespace.Of"/>, shared with optimistic rollups, so the two never take the same id) and, with the
/// L1 chain id, its signature domain (<see cref="ZkRollupDomain"/>, a public input of every batch proof).
/// <see cref="GenesisAccountRoot"/> is the RPO root of the account tree before batch 0 (the priority counter starts at
/// 0). <see cref="AirVersion"/> names the batch statement, and so the verifier, that checks every batch of the rollup
/// (<see cref="ZkAirVersions"/>: registration refuses a version this L1 does not verify; the codec reads any, so a
/// rollup registered under a version a later build dropped still reads, and can still exit). <see cref="ExodusDelayBlocks"/>: the rollup freezes once its oldest
/// pending priority request has waited that many L1 blocks without a batch processing it.
/// Encoding: rollup id (u32) ‖ genesis account root (32, four canonical little-endian u64) ‖ AIR version (u8) ‖
/// exodus delay (u64).
/// </summary>
public sealed record ZkRollupConfig(uint RollupId, RpoDigest GenesisAccountRoot, byte AirVersion, ulong ExodusDelayBlocks)
{
    public const int EncodedSize = 4 + RpoDigest.ByteLength + 1 + 8;

    public Namespace Namespace => RollupNamespace.Of(RollupId);

    public ZkRollupDomain Domain(string chainId) => new(chainId, RollupId);

    /// <summary>
    /// Range checks; throws <see cref="ZkRollupRejectedException"/> with <see cref="ZkRollupError.InvalidConfig"/>.
    /// Whether the AIR version is one this L1 verifies is the module's check (<see cref="ZkAirVersions.Require"/>).
    /// </summary>
    public void Validate()
    {
        if (ExodusDelayBlocks is 0 or > ZkRollupLimits.MaxExodusDelayBlocks) throw Invalid($"the exodus delay is 1 to {ZkRollupLimits.MaxExodusDelayBlocks} blocks, not {ExodusDelayBlocks}");
    }

    public void Write(CanonicalWriter writer)
    {
        writer.WriteU32(RollupId);
        writer.WriteRaw(GenesisAccountRoot.ToBytes());
        writer.WriteU8(AirVersion);
        writer.WriteU64(ExodusDelayBlocks);
    }

    public static ZkRollupConfig Read(ref CanonicalReader reader)
    {
        var id = reader.ReadU32("rollup id");
        var root = ReadDigest(ref reader, "genesis account root");
        var version = reader.ReadU8("AIR version");
        var at = reader.Position;
        var delay = reader.ReadU64("exodus delay");
        if (delay is 0 or > ZkRollupLimits.MaxExodusDelayBlocks) throw new CodecException(CodecError.InvalidValue, $"the exodus delay is 1 to {ZkRollupLimits.MaxExodusDelayBlocks} blocks, not {delay}", at);
        return new ZkRollupConfig(id, root, version, delay);
    }

    /// <summary>An RPO digest as 32 bytes; a non-canonical element (≥ p) is a <see cref="CodecException"/>.</summary>
    internal static RpoDigest ReadDigest(ref CanonicalReader reader, string what)
    {
        var at = reader.Position;
        var bytes = reader.ReadRaw(RpoDigest.ByteLength, what);
        try
        {
            return RpoDigest.FromBytes(bytes);
        }
        catch (ArgumentException e)
        {
            throw new CodecException(CodecError.NonCanonical, $"{what}: {e.Message}", at);
        }
    }

    private static ZkRollupRejectedException Invalid(string message) => new(ZkRollupError.InvalidConfig, message);
}
