using System.Buffers.Binary;
using Lamina.DataAvailability.Shares;

namespace Lamina.L1.Rollups;

/// <summary>
/// A rollup's id is also its data-availability namespace: the version-0 user namespace whose 28-byte id is 20 zero
/// bytes followed by the rollup id as a big-endian u64. Its batches are blobs in that namespace.
/// </summary>
public static class RollupNamespace
{
    private const int IdOffset = Namespace.IdSize - sizeof(ulong);

    public static Namespace Of(ulong rollupId)
    {
        Span<byte> id = stackalloc byte[Namespace.IdSize];
        id.Clear();
        BinaryPrimitives.WriteUInt64BigEndian(id[IdOffset..], rollupId);
        return Namespace.User(id);
    }
}
