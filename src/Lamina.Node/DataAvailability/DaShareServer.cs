using Lamina.Core.Codec;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Shares;
using Lamina.Network;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// Serves a DA node's custody shares with their column proofs to peers, over request/response channel
/// <see cref="Channel"/>; <see cref="FetchAsync"/> is the asking side, which checks the answer against a data root
/// the caller trusts before returning it.
/// </summary>
public sealed class DaShareServer(DaStore store)
{
    /// <summary>Outside L1's channels (1–5), so other layers' modules can take the numbers between.</summary>
    public const byte Channel = 32;

    /// <summary>A request is 14 bytes; an answer a share and a proof of at most 40 NMT nodes and 16 hashes, under 5 KiB.</summary>
    public const int MaxPayload = 8 * 1024;

    public void Register(IPeerNetwork net) => net.RegisterRequestHandler(Channel, (_, payload, _) => ValueTask.FromResult(Serve(payload.Span)));

    /// <summary>The answer to one request; a request that does not decode throws <see cref="CodecException"/> (the network refuses it).</summary>
    public byte[] Serve(ReadOnlySpan<byte> payload)
    {
        var request = Canonical.Decode<DaShareRequest>(payload);
        if (request.Height < store.PrunedBelow) return Canonical.Encode(DaShareResponse.Refused(DaShareStatus.Pruned));
        if (store.GetSquare(request.Height) is not { } record) return Canonical.Encode(DaShareResponse.Refused(DaShareStatus.NotStored));
        var header = record.Header;
        if (request.Row >= header.Width || request.Column >= header.Width) return Canonical.Encode(DaShareResponse.Refused(DaShareStatus.NotStored));
        if (store.GetColumn(request.Height, request.Column) is not { } shares) return Canonical.Encode(DaShareResponse.Refused(DaShareStatus.NotCustodied));
        var tree = ColumnShareProof.ColumnTree(header.OriginalWidth, request.Column, shares);
        var proof = ColumnShareProof.Create(tree, header, request.Row, request.Column);
        return Canonical.Encode(DaShareResponse.Served(shares.AsSpan(request.Row * Share.Size, Share.Size), proof));
    }

    /// <summary>
    /// Asks <paramref name="peer"/> for one share; returns it only once its proof reaches <paramref name="trustedDataRoot"/>
    /// for exactly that position. A refusal is returned as its status with no share; a lie throws the proof's typed error.
    /// </summary>
    public static async Task<(DaShareStatus Status, byte[]? Share)> FetchAsync(IPeerNetwork net, PeerId peer, ulong height, int row, int column,
        Lamina.Core.Hash256 trustedDataRoot, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var reply = await net.RequestAsync(peer, Channel, Canonical.Encode(new DaShareRequest(height, row, column)), timeout, cancellation);
        var response = Canonical.Decode<DaShareResponse>(reply.Span);
        if (response.Status != DaShareStatus.Served) return (response.Status, null);
        var proof = response.Proof!;
        if (proof.Row != row || proof.Column != column) throw new Lamina.DataAvailability.Nmt.InvalidNmtException(Lamina.DataAvailability.Nmt.NmtError.MalformedProof, $"asked for ({row}, {column}), proven ({proof.Row}, {proof.Column})");
        proof.Verify(trustedDataRoot, response.Share);
        return (DaShareStatus.Served, response.Share);
    }
}
