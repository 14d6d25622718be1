using Lamina.Core.Codec;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Rollups.Dispute;

/// <summary>
/// What a descent from the block level into one block's execution posts: <see cref="Final"/>, the point the mover says
/// executing the block's transaction list ends at (it becomes the root claim of the execution subgame), and
/// <see cref="PreOutput"/>, the opening of the agreed output before the block, whose state root execution starts from.
/// Encoding: final point (74) ‖ pre output (73).
/// </summary>
public sealed record SplitOpening(ExecutionPoint Final, OptimisticOutput PreOutput)
{
    public const int EncodedSize = ExecutionPoint.EncodedSize + OptimisticOutput.EncodedSize;

    public void Write(CanonicalWriter writer)
    {
        Final.Write(writer);
        PreOutput.Write(writer);
    }

    public static SplitOpening Read(ref CanonicalReader reader) => new(ExecutionPoint.Read(ref reader), OptimisticOutput.Read(ref reader));
}
