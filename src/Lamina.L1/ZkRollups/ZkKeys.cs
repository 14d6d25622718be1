using System.Buffers.Binary;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.L1.State;

namespace Lamina.L1.ZkRollups;

/// <summary>
/// Where the ZK rollups module's records live: <see cref="StateKeys.Module"/>("zkrollups", tag ‖ rollup id (u32 BE)
/// ‖ number (u64 BE)), and the escrow account each rollup's funds sit in (an address no key signs for).
/// </summary>
public static class ZkKeys
{
    private const byte IndexTag = 1, RollupTag = 2, PriorityTag = 3, BatchTag = 4, RejectionTag = 5, ExitTag = 6, BlockFailureTag = 7;
    private static readonly DomainTag EscrowTag = new("lamina/l1/zk-rollups/escrow");

    public static readonly Hash256 Index = StateKeys.Module(ZkRollupsModule.ModuleName, [IndexTag]);

    /// <summary>The height of the last block that included a failed batch (at most one per block).</summary>
    public static readonly Hash256 BlockFailure = StateKeys.Module(ZkRollupsModule.ModuleName, [BlockFailureTag]);

    public static Hash256 Rollup(uint id) => Numbered(RollupTag, id, null);
    public static Hash256 Priority(uint id, ulong serial) => Numbered(PriorityTag, id, serial);
    public static Hash256 Batch(uint id, ulong number) => Numbered(BatchTag, id, number);
    /// <summary>The ring slot of rejection <paramref name="index"/>: the last <see cref="ZkRollupLimits.RejectionsKept"/> are kept.</summary>
    public static Hash256 Rejection(uint id, ulong index) => Numbered(RejectionTag, id, index % ZkRollupLimits.RejectionsKept);
    public static Hash256 Exit(uint id, uint account) => Numbered(ExitTag, id, account);

    public static Address Escrow(uint rollupId)
    {
        Span<byte> id = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(id, rollupId);
        Span<byte> digest = stackalloc byte[Hash256.Size];
        DomainHasher.Hash(EscrowTag, id).CopyTo(digest);
        return new Address(digest[..Address.Size]);
    }

    private static Hash256 Numbered(byte tag, uint id, ulong? number)
    {
        Span<byte> key = stackalloc byte[13];
        key[0] = tag;
        BinaryPrimitives.WriteUInt32BigEndian(key[1..], id);
        if (number is { } n) BinaryPrimitives.WriteUInt64BigEndian(key[5..], n);
        return StateKeys.Module(ZkRollupsModule.ModuleName, number is null ? key[..5] : key);
    }
}
