using Lamina.L2.Optimistic.L1Client;

namespace Lamina.Fuzz.Tests;

/// <summary>The verified-namespace-data seeds are honest answers that prove the fixture's blobs (so the target's fuzzing starts from accepted inputs).</summary>
public sealed class VerifiedNamespaceDataSeedTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_honest_answer_proves_exactly_the_namespaces_blobs(byte id)
    {
        var f = DataAvailabilityFixture.Instance;
        var ns = DataAvailabilityFixture.Ns(id);
        var blobs = VerifiedNamespaceData.Blobs(f.Header.DataRoot, ns, FuzzTargets.HonestNamespaceAnswer(ns));
        Assert.Equal(f.Blobs.Where(b => b.Namespace == ns).Select(b => b.Data), blobs);
        // The same answer checked against another namespace is refused (an answer with no rows proves nothing either way).
        if (blobs.Count == 0) return;
        var other = DataAvailabilityFixture.Ns((byte)(id % 3 + 1));
        Assert.Throws<InvalidBlobDataException>(() => VerifiedNamespaceData.Blobs(f.Header.DataRoot, other, FuzzTargets.HonestNamespaceAnswer(ns)));
    }
}
