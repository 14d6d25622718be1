using System.Diagnostics;
using System.Globalization;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L1.Rollups.Dispute;
using Lamina.L2.Optimistic;

/// <summary>
/// The dispute game's leaf as L1 runs it for a <c>disputemove</c> step: decode the move (step proof, transaction,
/// witness), check the transaction's Merkle path in a block list of n transactions and execute it
/// (<see cref="ExecutionStep.Next"/>), on a state of 10,000 accounts. Peers in the same run: the bare one-step executor
/// on the same witnesses and libsodium's Ed25519 verify. Also the move's size and the game's shape under the L1
/// parameters (<see cref="OutputGameConfig.ForRollup"/>): the number of claims on a path is fixed by the depths.
/// </summary>
internal static class DisputeStepBench
{
    public static void Run(int listLength)
    {
        const int Accounts = 10_000;
        var store = new InMemorySmtNodeStore();
        var sequencer = new Address(Enumerable.Repeat((byte)0xEE, Address.Size).ToArray());
        var machine = new OptimisticStateMachine(store, 1, 1, sequencer, OptimisticFeeSchedule.Free);
        var keys = Enumerable.Range(0, 64).Select(i => SigningKey.FromSeed(BitConverter.GetBytes((long)i + 1).Concat(new byte[24]).ToArray())).ToArray();
        var leaves = new List<KeyValuePair<Hash256, byte[]?>>(Accounts);
        foreach (var key in keys) leaves.Add(new(OptimisticStateMachine.AccountKey(key.Address), new OptimisticAccount(1_000_000_000, 0).Encode()));
        for (var i = keys.Length; i < Accounts; i++)
        {
            var address = new byte[Address.Size];
            BitConverter.TryWriteBytes(address, i);
            leaves.Add(new(OptimisticStateMachine.AccountKey(new Address(address)), new OptimisticAccount((ulong)i, 1).Encode()));
        }
        var root = new SparseMerkleTree(store).Update(SparseMerkleTree.EmptyRoot, leaves);

        // A block list of n transfers, each from the same pre-state root (what a step opens is the point before it).
        var txs = new OneStepTransaction[listLength];
        for (var i = 0; i < listLength; i++)
        {
            var recipient = new byte[Address.Size];
            BitConverter.TryWriteBytes(recipient, (i * 7919) % Accounts);
            txs[i] = OneStepTransaction.ForTransfer(OptimisticTransfer.Create(keys[i % keys.Length], 1, 1, new Address(recipient), 10, 0, 0));
        }
        var hashes = ExecutionStep.LeafHashes(txs);
        var listRoot = BinaryMerkleTree.Root(hashes);
        var samples = Math.Min(listLength, 1_000);
        var moves = new byte[samples][];
        var witnesses = new OneStepWitness[samples];
        for (var i = 0; i < samples; i++)
        {
            var cursor = (int)((long)i * listLength / samples);
            witnesses[i] = OneStepWitnessGenerator.Generate(store, root, txs[cursor], machine.Context).Witness;
            var pre = new ExecutionPoint(root, listRoot, (uint)listLength, (uint)cursor, true);
            moves[i] = DisputeMove.StepOn(5, attack: true, new StepProof(pre, txs[cursor].Encode(), BinaryMerkleTree.Prove(hashes, cursor), witnesses[i].Encode())).Encode();
        }
        var context = machine.Context;
        double Measure(Action<int> step)
        {
            for (var i = 0; i < Math.Min(200, samples); i++) step(i);
            var watch = Stopwatch.StartNew();
            for (var round = 0; round < 3; round++)
                for (var i = 0; i < samples; i++) step(i);
            return watch.Elapsed.TotalMicroseconds / (3 * samples);
        }
        var leaf = Measure(i => ExecutionStep.Next(DisputeMove.Decode(moves[i]).Step!, context));
        var bare = Measure(i => OneStepExecutor.Execute(root, txs[(int)((long)i * listLength / samples)], witnesses[i], context));
        var verify = Measure(i => txs[(int)((long)i * listLength / samples)].Transfer!.VerifySignature(1, 1));
        var config = OutputGameConfig.ForRollup(new Lamina.L1.Rollups.RollupConfig(1, 1, Hash256.Zero, 1_000_000_000_000_000_000, 604_800, 3_600, sequencer));
        string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
        Console.WriteLine($"list of {listLength} transfers, state of {Accounts} accounts, {samples} steps measured (3 rounds)");
        Console.WriteLine($"  L1 step (decode move + tx path + execute): {F(leaf)} µs   [peer: one-step executor alone {F(bare)} µs, Ed25519 verify {F(verify)} µs]");
        Console.WriteLine($"  step move: {moves.Average(m => m.Length):F0} B on average, gas {DisputeMovePayload.StepGas} (a bisection move: {DisputeMovePayload.Gas})");
        Console.WriteLine($"  game shape (production parameters): {config.BlockDepth} block levels + 1 descent + {config.Execution.MaxDepth} transaction levels = {config.TotalDepth} claims on a path below the root, then at most 1 step");
        Console.WriteLine($"  bonds: root {config.BondAt(0)}, deepest claim {config.BondAt(config.TotalDepth)}; clock {config.Execution.MaxClockMs} ms per side, extension {config.Execution.ExtensionMs} ms");
    }
}
