using System.Buffers.Binary;
using System.Text;
using Lamina.Stark.Hashing;

namespace Lamina.L2.Zk.Transactions;

/// <summary>
/// Which rollup a signature is for: the L1 chain id and the rollup id. Every signed message starts with
/// <see cref="Digest"/>, so a signature for one chain or rollup is worthless on another.
/// </summary>
public sealed class ZkRollupDomain
{
    public ZkRollupDomain(string chainId, uint rollupId)
    {
        ArgumentException.ThrowIfNullOrEmpty(chainId);
        if (chainId.Length > 64 || chainId.Any(c => c < 0x20 || c > 0x7e))
        {
            throw new ArgumentException("a chain id is 1..64 printable ASCII characters", nameof(chainId));
        }
        ChainId = chainId;
        RollupId = rollupId;
        byte[] tag = "lamina/zk-rollup/domain/v1"u8.ToArray();
        byte[] chain = Encoding.ASCII.GetBytes(chainId);
        var bytes = new byte[tag.Length + 1 + chain.Length + 4];
        tag.CopyTo(bytes, 0);
        bytes[tag.Length] = (byte)chain.Length;
        chain.CopyTo(bytes, tag.Length + 1);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(tag.Length + 1 + chain.Length), rollupId);
        Digest = Rpo256.Hash(bytes);
    }

    public string ChainId { get; }
    public uint RollupId { get; }

    /// <summary>RPO hash of the tag, the chain id and the rollup id; a public input of the batch proof.</summary>
    public RpoDigest Digest { get; }
}
