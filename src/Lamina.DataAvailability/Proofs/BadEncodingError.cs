namespace Lamina.DataAvailability;

/// <summary>Why a bad-encoding fraud proof does not prove fraud.</summary>
public enum BadEncodingError
{
    WrongShape,
    NotEnoughShares,
    ShareNotCommitted,
    AxisCorrectlyEncoded,
}
