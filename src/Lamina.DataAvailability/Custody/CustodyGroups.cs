using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Lamina.DataAvailability.Custody;

/// <summary>
/// PeerDAS custody (EIP-7594, consensus-specs fulu <c>get_custody_groups</c>): a node's custody groups are a pure
/// function of its node id, so anyone can recompute who holds what. Starting from the node id as a 256-bit integer,
/// each step hashes its 32-byte little-endian encoding with SHA-256, reads the first 8 bytes as a little-endian u64,
/// takes it mod 128, keeps it unless already taken, and increments the id (wrapping at 2^256), until
/// <c>count</c> groups are chosen; the result is sorted. A Lamina node id is the node key's 20-byte address, read
/// as a big-endian integer. Columns: PeerDAS has 128 columns, one per group. A Lamina square is 2k columns wide
/// (2 to 1,024), so group g holds columns g, g + 128, g + 256, … when the width is 128 or more, and column
/// g mod width below it (then several groups share a column).
/// </summary>
public static class CustodyGroups
{
    public const int GroupCount = 128;

    /// <summary>PeerDAS's CUSTODY_REQUIREMENT: the fewest groups an honest node custodies.</summary>
    public const int CustodyRequirement = 4;

    /// <summary>PeerDAS's SAMPLES_PER_SLOT.</summary>
    public const int SamplesPerSlot = 8;

    /// <summary>The sorted custody groups of <paramref name="nodeId"/> (up to 32 bytes, big-endian).</summary>
    public static int[] Of(ReadOnlySpan<byte> nodeId, int count)
    {
        if (nodeId.Length is 0 or > 32) throw new ArgumentException($"a node id is 1 to 32 bytes, got {nodeId.Length}", nameof(nodeId));
        if (count is < 0 or > GroupCount) throw new ArgumentOutOfRangeException(nameof(count), $"a node custodies 0 to {GroupCount} groups, not {count}");
        if (count == GroupCount) return Enumerable.Range(0, GroupCount).ToArray();
        // The id as a 256-bit little-endian integer: the big-endian id reversed into the low bytes.
        Span<byte> current = stackalloc byte[32];
        current.Clear();
        for (var i = 0; i < nodeId.Length; i++) current[i] = nodeId[nodeId.Length - 1 - i];
        Span<byte> digest = stackalloc byte[32];
        var chosen = new List<int>(count);
        var taken = new bool[GroupCount];
        while (chosen.Count < count)
        {
            SHA256.HashData(current, digest);
            var group = (int)(BinaryPrimitives.ReadUInt64LittleEndian(digest) % GroupCount);
            if (!taken[group])
            {
                taken[group] = true;
                chosen.Add(group);
            }
            Increment(current);
        }
        chosen.Sort();
        return [.. chosen];
    }

    /// <summary>The columns of a 2k-wide square (<paramref name="width"/> = 2k) that <paramref name="groups"/> hold, sorted, without repeats.</summary>
    public static int[] Columns(IReadOnlyList<int> groups, int width)
    {
        if (width < 2 || (width & (width - 1)) != 0) throw new ArgumentException($"a square's width is a power of two of at least 2, not {width}", nameof(width));
        var held = new bool[width];
        foreach (var group in groups)
        {
            if ((uint)group >= GroupCount) throw new ArgumentOutOfRangeException(nameof(groups), $"custody group {group} is not below {GroupCount}");
            if (width >= GroupCount)
            {
                for (var column = group; column < width; column += GroupCount) held[column] = true;
            }
            else
            {
                held[group % width] = true;
            }
        }
        var columns = new List<int>();
        for (var column = 0; column < width; column++)
        {
            if (held[column]) columns.Add(column);
        }
        return [.. columns];
    }

    /// <summary>Whether <paramref name="groups"/> hold <paramref name="column"/> of a <paramref name="width"/>-wide square.</summary>
    public static bool Holds(IReadOnlyList<int> groups, int width, int column) => Array.BinarySearch(Columns(groups, width), column) >= 0;

    private static void Increment(Span<byte> littleEndian)
    {
        for (var i = 0; i < littleEndian.Length; i++)
        {
            // unchecked: 0xff + 1 wraps to 0 and carries; 2^256 − 1 wraps to 0 as the spec's overflow rule says.
            littleEndian[i] = unchecked((byte)(littleEndian[i] + 1));
            if (littleEndian[i] != 0) return;
        }
    }
}
