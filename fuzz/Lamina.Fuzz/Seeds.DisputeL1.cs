using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L1.Rollups.Dispute;
using Lamina.L1.Rollups.Dispute.Derivation;
using Lamina.L1.Transactions;
using Lamina.L2.Optimistic;

namespace Lamina.Fuzz;

public static partial class Seeds
{
    /// <summary>Seeds for <c>dispute-l1</c>: the three dispute transaction bodies, a game record that replays, an index, a header.</summary>
    private static void AddDisputeL1Seeds(Dictionary<string, IReadOnlyList<byte[]>> seeds)
    {
        var root = new Hash256(Filled(32, 0x44));
        var anchor = new OptimisticOutput(new Hash256(Filled(32, 0x11)), new Hash256(Filled(32, 0x12)), 3);
        var bond = OutputGameConfig.ForRollup(FuzzTargets.DisputeFuzzRollup).BondAt(1);
        var header = new CanonicalWriter();
        header.WriteU8(1);
        header.WriteU64(4);
        header.WriteHash(anchor.L2BlockHash);
        for (var i = 0; i < 4; i++) header.WriteU64((ulong)i);
        header.WriteU32(2);
        header.WriteHash(root);
        header.WriteHash(root);
        header.WriteHash(anchor.StateRoot);
        var headerBytes = header.ToArray();
        TxPayload[] payloads =
        [
            new DisputeCreatePayload(7, 2, anchor, root, bond),
            new DisputeMovePayload(7, 2, bond, DisputeMove.Attack(1, root)),
            new DisputeMovePayload(7, 2, 0, DisputeMove.Reveal(0, headerBytes)),
            new DisputeResolvePayload(7, 2),
        ];
        var moves = new DisputeMoveEntry[] { new(new Address(Filled(20, 0x55)), bond, 2_000, DisputeMove.Attack(0, root).Encode()) };
        var record = new DisputeGameRecord(7, 2, 1, anchor, 9, root, new Address(Filled(20, 0x66)), 5, 1_000, null, 0, moves);
        seeds["dispute-l1"] =
        [
            .. payloads.Select(p =>
            {
                var writer = new CanonicalWriter();
                writer.WriteU8(0);
                writer.WriteU8((byte)p.Kind);
                p.EncodeBody(writer);
                return writer.ToArray();
            }),
            [1, .. Canonical.Encode(record)],
            [1, .. Canonical.Encode(record with
            {
                Derivation = new DerivationRules(1, 2, 2, 600_000, 64),
                Derived = [new StoredDerivation(0, new DerivedResult(4, anchor.L2BlockHash, 2, 3_000, 0, 0, 0, new DerivationSource(6, 0, 0), 2, root, root))],
            })],
            [2, .. Canonical.Encode(new DisputeIndexRecord([2, 5]))],
            [3, .. headerBytes],
        ];
    }
}
