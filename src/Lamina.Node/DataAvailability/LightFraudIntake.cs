using Lamina.Core.Codec;
using Lamina.DataAvailability;
using Lamina.L1.Blocks;

namespace Lamina.Node.DataAvailability;

/// <summary>
/// How a light node takes bad-encoding proofs (light_submitBadEncodingProof): a proof counts only against a header
/// this light node verified with the light client (the last <see cref="KeptHeaders"/> are kept), through
/// <see cref="BadEncodingVerdicts"/>; an accepted proof rejects the height for good, so its sampler reports it
/// badly encoded (unavailable, confidence 0) whatever its samples said.
/// </summary>
public sealed class LightFraudIntake
{
    public const int KeptHeaders = 4_096;
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, BlockHeader> _headers = []; // lookup only
    private readonly Queue<ulong> _order = new();

    public BadEncodingVerdicts Verdicts { get; } = new();

    /// <summary>Raised after a header is recorded as verified (a proof that waited for it can be checked now).</summary>
    public event Action<ulong>? HeaderVerified;

    /// <summary>Whether the light client verified a header at <paramref name="height"/> (among the last <see cref="KeptHeaders"/>).</summary>
    public bool Knows(ulong height)
    {
        lock (_gate) return _headers.ContainsKey(height);
    }

    /// <summary>The header the light client verified at <paramref name="height"/>, or null when none is kept.</summary>
    public BlockHeader? HeaderAt(ulong height)
    {
        lock (_gate) return _headers.GetValueOrDefault(height);
    }

    /// <summary>A header the light client verified.</summary>
    public void Verified(BlockHeader header)
    {
        lock (_gate)
        {
            if (!_headers.TryAdd(header.Height, header)) return;
            _order.Enqueue(header.Height);
            if (_order.Count > KeptHeaders) _headers.Remove(_order.Dequeue());
        }
        HeaderVerified?.Invoke(header.Height);
    }

    /// <summary>
    /// Decodes and checks a <see cref="BadEncodingFraud"/> message; returns the header it rejects. Throws
    /// <see cref="CodecException"/> for bytes that do not decode and <see cref="InvalidBadEncodingProofException"/> for a
    /// proof that shows nothing or names no header verified here.
    /// </summary>
    public BlockHeader Accept(ReadOnlySpan<byte> message)
    {
        var fraud = Canonical.Decode<BadEncodingFraud>(message);
        BlockHeader? header;
        lock (_gate) _headers.TryGetValue(fraud.Proof.Height, out header);
        if (header is null) throw new InvalidBadEncodingProofException(BadEncodingError.WrongHeader, $"height {fraud.Proof.Height} is not a header this light node verified");
        Verdicts.Accept(fraud.Proof, header, fraud.Roots);
        return header;
    }
}
