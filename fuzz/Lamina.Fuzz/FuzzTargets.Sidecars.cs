using Lamina.Core.Codec;
using Lamina.L1.Blobs;
using Lamina.L1.Transactions;
using Lamina.Node.Sidecars;

namespace Lamina.Fuzz;

/// <summary>
/// Targets for the blob sidecar decoders: the sidecars of a block (push channel 33, the answer on channel 34, block
/// sync, the store), the sidecar request, and a transaction's network form (RPC and mempool gossip: the transaction
/// with its blob's bytes, refused when they do not match its commitment). Whatever decodes must re-encode to the input.
/// </summary>
public static partial class FuzzTargets
{
    private static void BlobSidecarsTarget(ReadOnlySpan<byte> input)
    {
        if (!RoundTrip<BlobSidecars>(input, out var sidecars)) return;
        foreach (var blob in sidecars.Blobs)
        {
            if (blob.Length is 0 or > BlobParameters.MaxBlobBytes) throw new FuzzFindingException($"a sidecar of {blob.Length} bytes decoded");
            _ = BlobCommitment.Of(blob);
        }
    }

    private static void SidecarRequestTarget(ReadOnlySpan<byte> input) => RoundTrip<SidecarRequest>(input, out _);

    private static void TransactionNetworkFormTarget(ReadOnlySpan<byte> input)
    {
        Transaction tx;
        try
        {
            tx = TransactionNetworkForm.Decode(input);
        }
        catch (CodecException)
        {
            return;
        }
        catch (InvalidSidecarException)
        {
            return;
        }
        if (tx.Payload is BlobPayload blob && !blob.HasData) throw new FuzzFindingException("a blob's network form decoded without its bytes");
        Same(input, tx.NetworkEncoded, "transaction network form");
    }
}
