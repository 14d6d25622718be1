namespace Lamina.Node.DataAvailability.Columns;

/// <summary>
/// A DA node's answers on the column channel: the roots of any square it keeps, its custody columns, and, when it
/// holds at least half the columns of a square, any other column rebuilt from them (<see cref="DaReconstruction"/>,
/// checked against every root), so a DA node that lost its peers' copies can still be served by one that kept half.
/// </summary>
public sealed class StoreColumnSource(DaStore store, DaReconstruction reconstruction) : IDaColumnSource
{
    public DaColumnResponse Serve(DaColumnRequest request)
    {
        if (request.Height < store.PrunedBelow) return DaColumnResponse.Refused(DaShareStatus.Pruned);
        if (store.GetSquare(request.Height) is not { } record || record.Header.DataRoot != request.DataRoot) return DaColumnResponse.Refused(DaShareStatus.NotStored);
        var header = record.Header;
        var withHeader = request.Parts.HasFlag(DaColumnParts.Header) ? header : null;
        if (!request.Parts.HasFlag(DaColumnParts.Shares)) return DaColumnResponse.Served(withHeader, null);
        if (request.Column >= header.Width) return DaColumnResponse.Refused(DaShareStatus.NotStored);
        var shares = store.GetColumn(request.Height, request.Column) ?? reconstruction.Column(record, request.Column);
        return shares is null ? DaColumnResponse.Refused(DaShareStatus.NotCustodied) : DaColumnResponse.Served(withHeader, shares);
    }
}
