using Lamina.Core;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Shares;

namespace Lamina.DataAvailability;

/// <summary>What a full node runs on a square it holds whole: is every row and column a codeword?</summary>
public static class BadEncodingDetector
{
    /// <summary>A proof for the first row, then column, that is not the extension of its first k shares; null if none.</summary>
    public static BadEncodingProof? Find(ExtendedSquare square, Hash256 headerHash, ulong height)
    {
        var k = square.OriginalWidth;
        var width = square.Width;
        const int size = Share.Size;
        var codec = new ReedSolomonCodec(k, size);
        var axisBuffer = new byte[width * size];
        var parity = new byte[k * size];
        foreach (var axis in new[] { Axis.Row, Axis.Column })
        {
            for (var index = 0; index < width; index++)
            {
                for (var j = 0; j < width; j++)
                {
                    var share = axis == Axis.Row ? square.Share(index, j) : square.Share(j, index);
                    share.CopyTo(axisBuffer.AsSpan(j * size));
                }
                codec.Encode(axisBuffer.AsSpan(0, k * size), parity);
                if (!parity.AsSpan().SequenceEqual(axisBuffer.AsSpan(k * size))) return BadEncodingProof.Create(square, headerHash, height, axis, index);
            }
        }
        return null;
    }
}
