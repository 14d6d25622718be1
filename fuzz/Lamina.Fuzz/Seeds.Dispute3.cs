using Lamina.Core.Codec;
using Lamina.L1.Rollups;
using Lamina.L2.Optimistic;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for <c>dispute3-records</c>: a blob fee record and a deposit cursor leaf.</summary>
    private static void AddDispute3Seeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        seeds["dispute3-records"] =
        [
            [0, .. Canonical.Encode(new BlobFeeRecord(1_234))],
            [1, .. OptimisticDepositCursor.Encode(7)],
        ];
    }
}
