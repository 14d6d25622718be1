using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lamina.DataAvailability.Shares;
using Lamina.L2.Optimistic.L1Client;
using Lamina.Node.DataAvailability;

namespace Lamina.Fuzz;

/// <summary>
/// The proven read of a DA node's da_getNamespaceData answer (<see cref="VerifiedNamespaceData"/>, what derivation and
/// <c>lamina da get</c> trust): selector byte (namespace 1, 2 or 3 of <see cref="DataAvailabilityFixture"/>, the last
/// absent) ‖ the answer's JSON text, checked against the fixture square's data root. Refusal is
/// <see cref="InvalidBlobDataException"/> only. An accepted answer must give a contiguous run of the namespace's true
/// blobs, in order (whole rows left out at either end cannot be seen from the rows given; anything else can).
/// </summary>
public static partial class FuzzTargets
{
    private static void VerifiedNamespaceDataTarget(ReadOnlySpan<byte> input)
    {
        if (input.Length == 0) return;
        var ns = DataAvailabilityFixture.Ns((byte)(input[0] % 3 + 1));
        JsonNode? answer;
        try
        {
            answer = JsonNode.Parse(Encoding.UTF8.GetString(input[1..]));
        }
        catch (JsonException)
        {
            return;
        }
        IReadOnlyList<byte[]> blobs;
        try
        {
            blobs = VerifiedNamespaceData.Blobs(DataAvailabilityFixture.Instance.Header.DataRoot, ns, answer);
        }
        catch (InvalidBlobDataException)
        {
            return;
        }
        var truth = DataAvailabilityFixture.Instance.Blobs.Where(b => b.Namespace == ns).Select(b => b.Data).ToList();
        if (!IsContiguousRun(blobs, truth))
            throw new FuzzFindingException($"an answer for {ns} was accepted with {blobs.Count} blob(s) that are not a run of the namespace's {truth.Count} true blobs");
    }

    private static bool IsContiguousRun(IReadOnlyList<byte[]> found, List<byte[]> truth)
    {
        if (found.Count == 0) return true;
        for (var start = 0; start + found.Count <= truth.Count; start++)
        {
            var all = true;
            for (var i = 0; i < found.Count && all; i++) all = found[i].AsSpan().SequenceEqual(truth[start + i]);
            if (all) return true;
        }
        return false;
    }

    /// <summary>The honest answer a DA node gives for the fixture square (the seed of the target).</summary>
    public static JsonObject HonestNamespaceAnswer(Namespace ns)
    {
        var f = DataAvailabilityFixture.Instance;
        return DaNamespaceQuery.Answer(1, f.Blobs, f.Header, ns);
    }
}
