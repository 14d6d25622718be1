using Lamina.Core.Codec;
using Lamina.L1.Rollups;
using Lamina.L1.Rollups.Dispute.Derivation;

namespace Lamina.Fuzz;

/// <summary>
/// Targets for lists derived on L1 (issue 14's list availability): <c>derived-opening</c> decodes a derived descent's
/// opening and demands it re-encode to the input; <c>derived-records</c> takes a selector byte (0 batch commitments,
/// 1 block blob commitments, 2 L1 time) and decodes and re-encodes that record.
/// </summary>
public static partial class FuzzTargets
{
    private static void DerivedOpeningTarget(ReadOnlySpan<byte> input)
    {
        DerivedOpening opening;
        try
        {
            opening = DerivedOpening.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        Same(input, opening.Encode(), "DerivedOpening");
        opening.DeclaredChannelBytes();
    }

    private static void DerivedRecordsTarget(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) return;
        var body = input[1..];
        try
        {
            switch (input[0] % 3)
            {
                case 0: Same(body, Canonical.Encode(Canonical.Decode<BatchCommitmentsRecord>(body)), "BatchCommitmentsRecord"); break;
                case 1: Same(body, Canonical.Encode(Canonical.Decode<BlockBlobCommitmentsRecord>(body)), "BlockBlobCommitmentsRecord"); break;
                default: Same(body, Canonical.Encode(Canonical.Decode<L1TimeRecord>(body)), "L1TimeRecord"); break;
            }
        }
        catch (CodecException)
        {
        }
    }
}
