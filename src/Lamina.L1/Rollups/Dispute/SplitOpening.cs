using Lamina.Core.Codec;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// What a descent from the block level into one block's execution posts: <see cref="Final"/>, the point the mover says
/// executing the block's transaction list ends at (it becomes the root claim of the execution subgame), and
/// <see cref="PreOutput"/>, the opening of the agreed output before the block, whose state root execution starts from,
/// and <see cref="Origin"/>, the block's L1 origin (its header's), whose blob base fee L1 reads from its own record to
/// run the block's transactions under the fees derivation charged (a header revealed with another origin refutes it).
/// Encoding: final point (74) ‖ pre output (73) ‖ L1 origin (u64).
/// </summary>
public sealed record SplitOpening(ExecutionPoint Final, OptimisticOutput PreOutput, ulong Origin)
{
    public const int EncodedSize = ExecutionPoint.EncodedSize + OptimisticOutput.EncodedSize + 8;

    public void Write(CanonicalWriter writer)
    {
        Final.Write(writer);
        PreOutput.Write(writer);
        writer.WriteU64(Origin);
    }

    public static SplitOpening Read(ref CanonicalReader reader) => new(ExecutionPoint.Read(ref reader), OptimisticOutput.Read(ref reader), reader.ReadU64("l1 origin"));
}
