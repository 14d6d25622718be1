using Lamina.Core.Merkle;
using Lamina.L1.Blocks;
using Lamina.L1.Execution;

namespace Lamina.L1.Chain;

/// <summary>A block with the result of executing it on the head: receipts and the new state nodes, ready to commit.</summary>
public sealed record PreparedBlock(Block Block, List<Receipt> Receipts, BufferedSmtNodeStore Nodes);
