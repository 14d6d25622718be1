using Lamina.Core;
using Lamina.DataAvailability;
using Lamina.L1.Blocks;
using Lamina.Node.DataAvailability;
using Lamina.Node.DataAvailability.Columns;

namespace Lamina.Simulation.Tests.Nodes;

/// <summary>
/// The honest bad-encoding path in the whole-node simulation: when a light node samples a height, every honest DA node
/// that is up and holds at least half the columns of its square runs the check a standalone DA node runs
/// (<see cref="DaEncodingCheck.FindBadRow"/>: every row rebuilt from its columns must be the codeword its committed root
/// names). A proof it finds goes to every light node's <see cref="BadEncodingVerdicts"/>, as the proof gossip would
/// deliver it. Invariant: an honest square is never reported as badly encoded, neither as a proof built by an honest
/// DA node about a committed block (committed squares were recomputed from their sidecars by the validators that
/// prevoted them, whether or not the proposer was honest) nor as a light node's report of a committed block.
/// </summary>
internal sealed partial class NodeSimulation
{
    private BadEncodingVerdicts[] _lightVerdicts = [];
    private readonly HashSet<(int Node, Hash256 Block)> _encodingChecked = []; // lookup only
    private int _squaresEncodingChecked;

    private BadEncodingVerdicts LightVerdicts(int light)
    {
        if (_lightVerdicts.Length != LightNodeCount) _lightVerdicts = [.. Enumerable.Range(0, LightNodeCount).Select(_ => new BadEncodingVerdicts())];
        return _lightVerdicts[light];
    }

    /// <summary>Runs each honest DA node's encoding check on the square of <paramref name="s"/>'s height, once per node and block.</summary>
    private void CheckEncodingAt(LightSample s)
    {
        var committed = _committed.TryGetValue(s.Height, out var decided) && decided.Block == s.BlockHash;
        foreach (var n in Nodes)
        {
            if (!n.Honest || !n.Up || n.Da is not { } da || da.Store.GetSquare(s.Height) is not { } record || record.Header.DataRoot != s.DataRoot) continue;
            if (!_encodingChecked.Add((n.Index, record.BlockHash))) continue;
            var columns = new Dictionary<int, byte[]>();
            foreach (var column in da.Store.HeldColumns(s.Height)) columns[column] = da.Store.GetColumn(s.Height, column)!;
            if (columns.Count < record.Header.OriginalWidth) continue;
            _squaresEncodingChecked++;
            if (DaEncodingCheck.FindBadRow(record, columns) is not { } proof) continue;
            if (committed) _violations.Add($"bad encoding: honest DA node {n.Index} proved the committed square of height {s.Height} badly encoded (row {proof.Index})");
            if (n.Chain?.Store.GetBlock(s.Height) is { } block && block.Hash == record.BlockHash) Deliver(proof, block.Header, record.Header);
        }
    }

    private void Deliver(BadEncodingProof proof, BlockHeader header, DataAvailabilityHeader roots)
    {
        for (var i = 0; i < LightNodeCount; i++) LightVerdicts(i).Accept(proof, header, roots);
    }

    /// <summary>Invariant: a light node never reports a committed block badly encoded.</summary>
    private void CheckNotBadlyEncoded(LightSample s, SamplingReport report, bool committed)
    {
        if (report.BadlyEncoded && committed) _violations.Add($"bad encoding: light node {s.Light} reported the committed block {s.Height} ({s.BlockHash}) badly encoded");
    }

    private string DescribeEncoding() => $"encoding: {_squaresEncodingChecked} squares checked row by row by honest DA nodes";
}
