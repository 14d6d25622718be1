using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Nmt;
using Lamina.DataAvailability.Shares;
using Lamina.Network;

namespace Lamina.Node.DataAvailability.Columns;

/// <summary>
/// Whole columns between nodes, PeerDAS-style: request/response channel <see cref="RequestChannel"/> (a column of a
/// square, optionally with the square's row and column roots) and push channel <see cref="PushChannel"/> (re-seeded
/// columns after a reconstruction). Every answer is checked before it is used: the roots must hash to the data root
/// the asker trusts (from a header its light client verified), and the shares must make that column's root.
/// </summary>
public static class DaColumnChannel
{
    public const byte RequestChannel = 36;
    public const byte PushChannel = 37;

    /// <summary>The widest square (1,024) has a 512 KiB column and 2,048 roots of 90 bytes (180 KiB); with framing, under 1 MiB.</summary>
    public const int MaxPayload = 1024 * 1024;

    /// <summary>Answers column requests from <paramref name="source"/>; a request that does not decode throws (the network refuses and scores it).</summary>
    public static void Register(IPeerNetwork net, IDaColumnSource source)
        => net.RegisterRequestHandler(RequestChannel, (_, payload, _) => ValueTask.FromResult(Canonical.Encode(source.Serve(Canonical.Decode<DaColumnRequest>(payload.Span)))));

    /// <summary>
    /// Asks <paramref name="peer"/> for the row and column roots of the square at <paramref name="height"/> and keeps
    /// them only if they hash to <paramref name="dataRoot"/>. A refusal comes back as its status; a lie throws
    /// <see cref="DaColumnException"/> (the caller scores the peer); a timeout or disconnection throws <see cref="PeerRequestException"/>.
    /// </summary>
    public static async Task<(DaShareStatus Status, DataAvailabilityHeader? Header)> FetchHeaderAsync(IPeerNetwork net, PeerId peer, ulong height, Hash256 dataRoot,
        TimeSpan timeout, CancellationToken cancellation = default)
    {
        var response = await AskAsync(net, peer, new DaColumnRequest(height, dataRoot, 0, DaColumnParts.Header), timeout, cancellation);
        if (response.Status != DaShareStatus.Served) return (response.Status, null);
        var header = response.Header ?? throw new DaColumnException(DaColumnError.MissingHeader, $"the roots of height {height} were asked for and not sent");
        if (header.DataRoot != dataRoot) throw new DaColumnException(DaColumnError.HeaderMismatch, $"the roots sent for height {height} hash to {header.DataRoot}, not the trusted data root {dataRoot}");
        return (DaShareStatus.Served, header);
    }

    /// <summary>
    /// Asks <paramref name="peer"/> for column <paramref name="column"/> of the square whose (trusted) roots are
    /// <paramref name="header"/>, and returns its shares only once they make that column's root. Refusals and lies as
    /// in <see cref="FetchHeaderAsync"/>.
    /// </summary>
    public static async Task<(DaShareStatus Status, byte[]? Shares)> FetchColumnAsync(IPeerNetwork net, PeerId peer, ulong height, DataAvailabilityHeader header,
        int column, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var response = await AskAsync(net, peer, new DaColumnRequest(height, header.DataRoot, column, DaColumnParts.Shares), timeout, cancellation);
        if (response.Status != DaShareStatus.Served) return (response.Status, null);
        var shares = response.Shares ?? throw new DaColumnException(DaColumnError.WrongWidth, $"column {column} of height {height} was asked for and not sent");
        Verify(header, header.DataRoot, column, shares);
        return (DaShareStatus.Served, shares);
    }

    private static async Task<DaColumnResponse> AskAsync(IPeerNetwork net, PeerId peer, DaColumnRequest request, TimeSpan timeout, CancellationToken cancellation)
    {
        var reply = await net.RequestAsync(peer, RequestChannel, Canonical.Encode(request), timeout, cancellation);
        try
        {
            return Canonical.Decode<DaColumnResponse>(reply.Span);
        }
        catch (CodecException e)
        {
            throw new DaColumnException(DaColumnError.Malformed, $"the answer about height {request.Height} does not decode: {e.Message}");
        }
    }

    /// <summary>
    /// Checks that <paramref name="header"/>'s roots hash to <paramref name="dataRoot"/> and that
    /// <paramref name="shares"/> are column <paramref name="column"/> of that square; throws <see cref="DaColumnException"/> otherwise.
    /// </summary>
    public static void Verify(DataAvailabilityHeader header, Hash256 dataRoot, int column, ReadOnlySpan<byte> shares)
    {
        if (header.DataRoot != dataRoot) throw new DaColumnException(DaColumnError.HeaderMismatch, $"the roots sent hash to {header.DataRoot}, not the trusted data root {dataRoot}");
        if (column >= header.Width) throw new DaColumnException(DaColumnError.WrongWidth, $"column {column} is outside the {header.Width}-wide square");
        if (shares.Length != header.Width * Share.Size) throw new DaColumnException(DaColumnError.WrongWidth, $"column {column} has {shares.Length / Share.Size} shares, the square is {header.Width} wide");
        NmtNode root;
        try
        {
            root = ColumnShareProof.ColumnTree(header.OriginalWidth, column, shares).Root;
        }
        catch (InvalidNmtException e)
        {
            throw new DaColumnException(DaColumnError.ColumnRootMismatch, $"column {column}'s shares cannot form its tree: {e.Message}");
        }
        if (root != header.ColumnRoots[column]) throw new DaColumnException(DaColumnError.ColumnRootMismatch, $"column {column}'s shares do not make the column root the data root commits to");
    }
}
