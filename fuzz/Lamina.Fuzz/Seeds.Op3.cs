using System.Text;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for <c>verified-namespace-data</c>: the honest answers for the fixture's three namespaces, and one with a row dropped.</summary>
    private static void AddOp3Seeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        var answers = new List<byte[]>();
        for (byte selector = 0; selector < 3; selector++)
        {
            var json = FuzzTargets.HonestNamespaceAnswer(DataAvailabilityFixture.Ns((byte)(selector + 1)));
            answers.Add([selector, .. Encoding.UTF8.GetBytes(json.ToJsonString())]);
            if (json["rows"]!.AsArray().Count > 1)
            {
                json["rows"]!.AsArray().RemoveAt(0);
                answers.Add([selector, .. Encoding.UTF8.GetBytes(json.ToJsonString())]);
            }
        }
        seeds["verified-namespace-data"] = answers;
    }
}
