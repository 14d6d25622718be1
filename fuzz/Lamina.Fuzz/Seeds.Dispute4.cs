using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L2.Optimistic;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for <c>derived-opening</c> (one frame, and a real two-frame channel) and <c>derived-records</c>.</summary>
    private static void AddDispute4Seeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        var output = new OptimisticOutput(new Hash256(Filled(32, 0x11)), new Hash256(Filled(32, 0x22)), 7);
        var header = Filled(173, 0x33);
        var channel = OptimisticChannelPayload.Compress([new OptimisticBatchBlock(1, 1_005, 1, 0, [])]);
        var frames = OptimisticChannelFrame.Split(channel, channel.Length / 2 + OptimisticChannelFrame.HeaderSize + 1);
        seeds["derived-opening"] =
        [
            new DerivedOpening(output, header, new Hash256(Filled(32, 0x44)), [true, false, true], [new DerivedFrame(2, 1, [0xAB, 0xCD])]).Encode(),
            new DerivedOpening(output, header, new Hash256(Filled(32, 0x44)), [], [.. frames.Select((f, i) => new DerivedFrame(3, (uint)i, f))]).Encode(),
        ];
        seeds["derived-records"] =
        [
            [0, .. Canonical.Encode(new BatchCommitmentsRecord([new Hash256(Filled(32, 0x55))]))],
            [1, .. Canonical.Encode(new BlockBlobCommitmentsRecord([new Hash256(Filled(32, 0x55)), new Hash256(Filled(32, 0x66))]))],
            [2, .. Canonical.Encode(new L1TimeRecord(1_000))],
        ];
    }
}
