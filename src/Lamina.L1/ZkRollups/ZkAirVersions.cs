using System.Collections.Frozen;
using Lamina.Core.Codec;
using Lamina.L2.Zk.Proving;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// The AIR versions this L1 verifies, one <see cref="ZkAirVerifier"/> each. A ZK rollup names one of them at
/// registration, for good (<see cref="ZkRollupConfig.AirVersion"/>); registering any other is refused
/// (<see cref="ZkRollupError.UnsupportedAirVersion"/>), and a batch whose proof is of another version than its rollup's
/// is refused (<see cref="ZkRollupError.AirVersionMismatch"/>) before anything is verified. A batch transaction's proof
/// decodes by its own first byte through <see cref="Default"/>, so a proof of a version no verifier knows never
/// decodes. Keeping a verifier for every version a live rollup registered is what lets the prover move on without
/// stranding a rollup: adding a version is one line in <see cref="Default"/>.
/// </summary>
public sealed class ZkAirVersions
{
    /// <summary>Every version this build verifies.</summary>
    public static ZkAirVersions Default { get; } = new(
        new ZkBatchAirVerifier(ZkBatchProof.NativeChallengeVersion), // v4: ZkBatchAir in one STARK, challenges hashed natively
        new ZkBatchAirVerifier(ZkBatchProof.QuinticNextYVersion),   // v5: messages and challenges hashed in the trace
        new ZkBatchAirVerifier(ZkBatchProof.Version));               // v6: v5's trace, the signature AIR's next-y constraint at degree 3

    /// <summary>The version the operator proves with today, which a new registration names.</summary>
    public const byte Current = ZkBatchProof.Version;

    private readonly FrozenDictionary<byte, ZkAirVerifier> _verifiers;

    public ZkAirVersions(params ZkAirVerifier[] verifiers)
    {
        ArgumentNullException.ThrowIfNull(verifiers);
        var byVersion = new Dictionary<byte, ZkAirVerifier>();
        foreach (var verifier in verifiers)
        {
            ArgumentNullException.ThrowIfNull(verifier);
            if (!byVersion.TryAdd(verifier.Version, verifier)) throw new ArgumentException($"two verifiers for AIR version {verifier.Version}", nameof(verifiers));
        }
        _verifiers = byVersion.ToFrozenDictionary();
        Versions = [.. byVersion.Keys.Order()];
    }

    /// <summary>The supported versions, ascending.</summary>
    public IReadOnlyList<byte> Versions { get; }

    public bool Supports(byte version) => _verifiers.ContainsKey(version);

    /// <summary>The verifier of <paramref name="version"/>; a version this L1 does not verify is a <see cref="ZkRollupRejectedException"/>.</summary>
    public ZkAirVerifier Require(byte version) => _verifiers.TryGetValue(version, out var verifier)
        ? verifier
        : throw new ZkRollupRejectedException(ZkRollupError.UnsupportedAirVersion, $"AIR version {version} is not one this L1 verifies ({string.Join(", ", Versions)})");

    /// <summary>These versions and <paramref name="verifier"/>'s.</summary>
    public ZkAirVersions With(ZkAirVerifier verifier) => new([.. _verifiers.Values, verifier]);

    /// <summary>Decodes a proof by its first byte, its version; an empty proof or one of an unknown version is a <see cref="CodecException"/>.</summary>
    public ZkAirProof Decode(ReadOnlySpan<byte> proofBytes)
    {
        if (proofBytes.IsEmpty) throw new CodecException(CodecError.Truncated, "a batch proof starts with its version", 0);
        if (!_verifiers.TryGetValue(proofBytes[0], out var verifier))
            throw new CodecException(CodecError.UnknownVersion, $"batch proof version {proofBytes[0]} is not an AIR version this L1 verifies ({string.Join(", ", Versions)})", 0);
        return verifier.Decode(proofBytes);
    }
}
