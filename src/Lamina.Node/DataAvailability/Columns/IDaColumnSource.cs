namespace Lamina.Node.DataAvailability.Columns;

/// <summary>Where a node's answers on the column channel come from: its custody store, or a whole square it can lay out.</summary>
public interface IDaColumnSource
{
    DaColumnResponse Serve(DaColumnRequest request);
}
