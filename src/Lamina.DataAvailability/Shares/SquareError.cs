namespace Lamina.DataAvailability.Shares;

/// <summary>Why a set of blobs cannot be laid out, or a square of shares is not a canonical layout.</summary>
public enum SquareError
{
    TooLarge,
    InvalidWidth,
    MalformedShare,
    BrokenSequence,
    UnsortedNamespaces,
    DataAfterPadding,
}
