using Lamina.Core;

namespace Lamina.Node.DataAvailability;

/// <summary>One sample: its position, the DA node that served it (if any), and why it failed (null when verified).</summary>
public sealed record SampleOutcome(int Row, int Column, string? Source, string? Failure, TimeSpan Elapsed)
{
    public bool Verified => Failure is null;
}

/// <summary>
/// A light node's verdict on one block: every sample verified against the trusted data root gives the confidence
/// 1 − (1 − (k+1)²/(2k)²)^s that the square is recoverable; any sample no DA node could prove makes it unavailable.
/// </summary>
public sealed record SamplingReport(ulong Height, Hash256 DataRoot, int K, IReadOnlyList<SampleOutcome> Samples, double Confidence)
{
    /// <summary>Wall-clock time of the whole round: the custody queries (together), then the samples (concurrently).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>The light node holds a valid bad-encoding proof against this header: it is rejected, whatever was sampled.</summary>
    public bool BadlyEncoded { get; init; }

    public bool Available => !BadlyEncoded && Samples.Count > 0 && Samples.All(s => s.Verified);
    public int Verified => Samples.Count(s => s.Verified);
}
