namespace Lamina.Node.DataAvailability.Columns;

/// <summary>Why a column a peer served was refused.</summary>
public enum DaColumnError
{
    /// <summary>The answer does not decode.</summary>
    Malformed,
    /// <summary>The first column of a square came without the row and column roots asked for.</summary>
    MissingHeader,
    /// <summary>The row and column roots sent do not hash to the trusted data root.</summary>
    HeaderMismatch,
    /// <summary>The column has more or fewer shares than the square is wide.</summary>
    WrongWidth,
    /// <summary>The shares do not make the column root the header commits to (or are out of namespace order).</summary>
    ColumnRootMismatch,
}
