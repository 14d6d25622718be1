using System.Security.Cryptography;
using Lamina.DataAvailability.Custody;

namespace Lamina.DataAvailability.Bench;

/// <summary>
/// The share of a square's columns (hence of its bytes) each DA node stores, for 2, 4 and 8 DA nodes with random node
/// ids, and how much of the square they cover together: measured by running PeerDAS custody (CustodyGroups) over
/// random ids, next to the expectation 1 − (1 − G/128)^(128/width) per node (G/128 at width ≥ 128).
/// </summary>
public static class CustodyTable
{
    public static void Print(int trials)
    {
        Console.WriteLine();
        Console.WriteLine($"DA storage per node (random node ids, {trials} networks per row): mean share of the columns each node holds, and the share the network covers");
        Console.WriteLine("groups | width | nodes | per node (measured) | per node (expected) | covered by all");
        foreach (var groups in new[] { CustodyGroups.CustodyRequirement, 32 })
        {
            foreach (var width in new[] { 32, 128, 512 })
            {
                foreach (var nodes in new[] { 2, 4, 8 })
                {
                    double held = 0, covered = 0;
                    var id = new byte[20];
                    for (var t = 0; t < trials; t++)
                    {
                        var union = new HashSet<int>();
                        for (var n = 0; n < nodes; n++)
                        {
                            RandomNumberGenerator.Fill(id);
                            var columns = CustodyGroups.Columns(CustodyGroups.Of(id, groups), width);
                            held += (double)columns.Length / width;
                            union.UnionWith(columns);
                        }
                        covered += (double)union.Count / width;
                    }
                    var expected = width >= CustodyGroups.GroupCount ? (double)groups / CustodyGroups.GroupCount : 1 - Math.Pow(1 - ((double)groups / CustodyGroups.GroupCount), (double)CustodyGroups.GroupCount / width);
                    Console.WriteLine($"{groups,6} | {width,5} | {nodes,5} | {held / (trials * nodes),19:P1} | {expected,19:P1} | {covered / trials,14:P1}");
                }
            }
        }
    }
}
