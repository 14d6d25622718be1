using Lamina.Core.Codec;
using Lamina.L1.Blobs;
using Lamina.L1.Modules;
using Lamina.L1.Transactions;

namespace Lamina.Fuzz;

/// <summary>
/// Targets for the L1 blob module's decoders: the blob transaction body (what follows kind byte 6) and the fee
/// market's record. Whatever decodes must re-encode to the input; a decoded body must also be a blob the data
/// square can hold, and its maximum blob fee must be computable.
/// </summary>
public static partial class FuzzTargets
{
    private static void BlobPayloadTarget(ReadOnlySpan<byte> input)
    {
        var format = TxFormats.Find((byte)TxKind.Blob) ?? throw new FuzzFindingException("the blob kind has no format");
        BlobPayload payload;
        try
        {
            var reader = new CanonicalReader(input);
            payload = (BlobPayload)format.DecodeBody(ref reader);
            reader.EnsureEnd("blob payload");
        }
        catch (CodecException)
        {
            return;
        }
        var writer = new CanonicalWriter();
        payload.EncodeBody(writer);
        Same(input, writer.ToArray(), nameof(BlobPayload));
        // An accepted body states a blob the square can hold (its bytes come as a sidecar), and its maximum cost cannot overflow.
        if (payload.DataLength is 0 or > BlobParameters.MaxBlobBytes || payload.HasData) throw new FuzzFindingException($"a blob body of {payload.DataLength} bytes decoded");
        _ = format.ValueAtRisk(payload);
    }
}
