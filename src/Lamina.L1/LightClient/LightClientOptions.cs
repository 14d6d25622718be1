namespace Lamina.L1.LightClient;

/// <summary>
/// Trust parameters, as in CometBFT's light client. The trusting period must be shorter than the unbonding period:
/// within it, validators who sign a fork can still be slashed, which is what makes trusting them rational.
/// </summary>
public sealed record LightClientOptions(TimeSpan TrustingPeriod, ulong TrustNumerator = 1, ulong TrustDenominator = 3, TimeSpan MaxClockDrift = default)
{
    public TimeSpan ClockDrift => MaxClockDrift == default ? TimeSpan.FromSeconds(10) : MaxClockDrift;
}
