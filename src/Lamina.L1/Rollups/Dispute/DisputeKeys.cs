using System.Buffers.Binary;
using Lamina.Core;
using Lamina.L1.State;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// Where the dispute records live, in the rollups module's key space under tags of their own (0x20 and up, clear of
/// <see cref="RollupKeys"/>' tags): one game per disputed output, and each rollup's list of disputed outputs.
/// </summary>
public static class DisputeKeys
{
    private const byte GameTag = 0x20, IndexTag = 0x21;

    public static Hash256 Game(ulong rollupId, ulong outputIndex)
    {
        Span<byte> key = stackalloc byte[17];
        key[0] = GameTag;
        BinaryPrimitives.WriteUInt64BigEndian(key[1..], rollupId);
        BinaryPrimitives.WriteUInt64BigEndian(key[9..], outputIndex);
        return StateKeys.Module(RollupsModule.ModuleName, key);
    }

    public static Hash256 Index(ulong rollupId)
    {
        Span<byte> key = stackalloc byte[9];
        key[0] = IndexTag;
        BinaryPrimitives.WriteUInt64BigEndian(key[1..], rollupId);
        return StateKeys.Module(RollupsModule.ModuleName, key);
    }
}
