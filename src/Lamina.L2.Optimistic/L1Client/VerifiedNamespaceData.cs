using System.Text.Json.Nodes;
using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Nmt;
using Lamina.DataAvailability.Shares;

namespace Lamina.L2.Optimistic.L1Client;

/// <summary>
/// Reads a namespace's blobs out of a da_getNamespaceData answer only after proving them: each row root's Merkle path
/// must lead to the L1 header's data root, and each row's namespace proof must show that the shares given are exactly
/// the namespace's shares in that row (none left out, none added), for the namespace asked and no other; the rows must
/// be consecutive (a namespace's shares are contiguous in the square). The blobs are then reassembled from the proven
/// shares in square order, every one complete. Nothing of the DA node's own "blobs" field is used. A whole row left out
/// at either end cannot be seen from the rows given; the caller checks the number of blobs against L1's record.
/// </summary>
public static class VerifiedNamespaceData
{
    public static IReadOnlyList<byte[]> Blobs(Hash256 dataRoot, Namespace ns, JsonNode? answer)
    {
        try
        {
            return Prove(dataRoot, ns, answer as JsonObject ?? throw new FormatException("the answer is not an object"));
        }
        catch (InvalidMerkleProofException e)
        {
            throw new InvalidBlobDataException(BlobDataError.RowNotInDataRoot, e.Message);
        }
        catch (InvalidNmtException e)
        {
            throw new InvalidBlobDataException(BlobDataError.NamespaceProofFailed, e.Message);
        }
        catch (InvalidSquareException e)
        {
            throw new InvalidBlobDataException(BlobDataError.Malformed, e.Message);
        }
        catch (Exception e) when (e is CodecException or FormatException or InvalidOperationException or NullReferenceException or ArgumentException)
        {
            throw new InvalidBlobDataException(BlobDataError.Malformed, e.Message);
        }
    }

    private static List<byte[]> Prove(Hash256 dataRoot, Namespace ns, JsonObject answer)
    {
        var k = answer["k"]!.GetValue<int>();
        if (k is < 1 or > 512) throw new FormatException($"square size {k} is out of range");
        var shares = new List<byte[]>();
        int? previousRow = null;
        foreach (var row in answer["rows"]!.AsArray())
        {
            var index = row!["row"]!.GetValue<int>();
            if (previousRow is { } previous && index != previous + 1)
                throw new InvalidNmtException(NmtError.IncompleteNamespace, $"row {index} follows row {previous}: the rows between are left out");
            previousRow = index;
            var rowRoot = Canonical.Decode<NmtNode>(Hex.Decode(row!["rowRoot"]!.GetValue<string>()));
            var path = new List<Hash256>();
            foreach (var step in row["rowRootPath"]!.AsArray()) path.Add(Hash256.Parse(step!.GetValue<string>()));
            BinaryMerkleTree.Verify(dataRoot, DataAvailabilityHeader.LeafHash(rowRoot), row["row"]!.GetValue<int>(), 4 * k, path);
            var proof = Canonical.Decode<NamespaceProof>(Hex.Decode(row["proof"]!.GetValue<string>()));
            if (proof.Namespace != ns) throw new InvalidNmtException(NmtError.MalformedProof, $"row {index} proves namespace {proof.Namespace}, not {ns}");
            var rowShares = new List<byte[]>();
            foreach (var share in row["shares"]!.AsArray()) rowShares.Add(Hex.Decode(share!.GetValue<string>()));
            if (proof.ProvesAbsence) proof.VerifyAbsent(rowRoot, 2 * k);
            else proof.VerifyComplete(rowRoot, 2 * k, rowShares);
            shares.AddRange(rowShares);
        }
        return NamespaceBlobs.Reassemble(shares);
    }
}
