using Lamina.Core.Codec;
using Lamina.L1.Rollups.Dispute;

namespace Lamina.Fuzz;

/// <summary>
/// Target for the dispute game's move decoder (Lamina.L1.Rollups.Dispute): <c>dispute-move</c> decodes a move, demands
/// it re-encode to the input, and runs a decoded step proof through L1's one-step leaf under the one-step fixture's
/// context, where only a typed refusal (<see cref="InvalidDisputeMoveException"/>) may come out.
/// </summary>
public static partial class FuzzTargets
{
    private static void DisputeMoveTarget(ReadOnlySpan<byte> input)
    {
        DisputeMove move;
        try
        {
            move = DisputeMove.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, move.Encode(), "DisputeMove");
        if (move.Step is not { } proof) return;
        var fixture = OneStepFixture.Instance;
        try
        {
            ExecutionStep.Next(proof, fixture.Machine.Context);
        }
        catch (InvalidDisputeMoveException)
        {
        }
    }
}
