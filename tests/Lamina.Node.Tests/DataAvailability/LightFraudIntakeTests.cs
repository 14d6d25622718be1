using Lamina.Core.Codec;
using Lamina.DataAvailability;
using Lamina.DataAvailability.Coding;
using Lamina.DataAvailability.Shares;
using Lamina.L1.Blobs;
using Lamina.Node.DataAvailability;

namespace Lamina.Node.Tests.DataAvailability;

/// <summary>
/// How a light node takes bad-encoding proofs (light_submitBadEncodingProof): only against a header it verified; a
/// valid proof rejects the height and the sampler then reports it badly encoded; a proof about an honest axis, about
/// a height it never verified, or bytes that do not decode are refused with their typed errors.
/// </summary>
public sealed class LightFraudIntakeTests : IDisposable
{
    private readonly DaChainFixture _da = new("lamina-light-fraud-test", senderSeed: 4, TimeProvider.System, BlobParameters.Default);

    public void Dispose() => _da.Dispose();

    [Fact]
    public async Task A_valid_proof_against_a_verified_header_rejects_it_and_bad_ones_are_refused_with_reasons()
    {
        _da.BlockWithBlobs(blobs: 2, size: 3_000, step: 7);
        var block = _da.Chain.Store.GetBlock(_da.Chain.Height)!;
        _da.Sidecars.Hydrate(block);
        var honest = ExtendedSquare.Extend(DataSquare.FromBlobs(BlobModule.BlobsOf(block.Transactions)), GfIsa.Scalar);
        var bytes = honest.Bytes.ToArray();
        bytes[((2 * honest.Width) + honest.Width - 2) * Share.Size + 40] ^= 0x33;
        var corrupted = SquareRepair.Repair(honest.OriginalWidth, bytes, Enumerable.Repeat(true, honest.Width * honest.Width).ToArray(), GfIsa.Scalar);
        var roots = corrupted.ComputeHeader();
        // The header a light client verified: the producer committed it to the corrupted square.
        var header = block.Header with { DataRoot = roots.DataRoot };
        var fraud = new BadEncodingFraud(roots, BadEncodingDetector.Find(corrupted, header.Hash, header.Height)!);
        var intake = new LightFraudIntake();

        Assert.Equal(BadEncodingError.WrongHeader, Assert.Throws<InvalidBadEncodingProofException>(() => intake.Accept(Canonical.Encode(fraud))).Error);
        intake.Verified(header);
        var honestAxis = new BadEncodingFraud(roots, BadEncodingProof.Create(corrupted, header.Hash, header.Height, Axis.Row, 0));
        Assert.Equal(BadEncodingError.AxisCorrectlyEncoded, Assert.Throws<InvalidBadEncodingProofException>(() => intake.Accept(Canonical.Encode(honestAxis))).Error);
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => intake.Accept([1])).Error);
        Assert.False(intake.Verdicts.IsRejected(header.Height));

        Assert.Equal(header.Hash, intake.Accept(Canonical.Encode(fraud)).Hash);
        Assert.True(intake.Verdicts.IsRejected(header.Height, header.Hash));
        var report = await new LightSampler([], intake.Verdicts).SampleAsync(header.Height, header.DataRoot, honest.OriginalWidth);
        Assert.True(report.BadlyEncoded);
        Assert.False(report.Available);
        Assert.Equal(0, report.Confidence);
    }
}
