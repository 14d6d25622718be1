namespace Lamina.DataAvailability;

/// <summary>Why a bad-encoding fraud proof does not prove fraud.</summary>
public enum BadEncodingError
{
    WrongShape,
    NotEnoughShares,
    ShareNotCommitted,
    AxisCorrectlyEncoded,
    /// <summary>The proof names another header (hash or height), or the roots given are not the header's data root.</summary>
    WrongHeader,
}
