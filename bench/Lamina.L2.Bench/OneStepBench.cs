using System.Diagnostics;
using System.Globalization;
using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic;

/// <summary>
/// The optimistic rollup's one step as L1 would run it: decode a transfer's witness and execute it statelessly, on a
/// state of n accounts. Peers in the same run: the sequencer's stateful apply of the same transfer, and libsodium's
/// Ed25519 verify (one of which every step contains). Also the witness size the challenger posts.
/// </summary>
internal static class OneStepBench
{
    public static void Run(int accounts)
    {
        const int Transfers = 2_000;
        var store = new InMemorySmtNodeStore();
        var sequencer = new Address(Enumerable.Repeat((byte)0xEE, Address.Size).ToArray());
        var machine = new OptimisticStateMachine(store, 1, 1, sequencer, new OptimisticFeeSchedule(1, 0, 0, 0));
        var keys = Enumerable.Range(0, 64).Select(i => SigningKey.FromSeed(BitConverter.GetBytes((long)i + 1).Concat(new byte[24]).ToArray())).ToArray();

        // Funded signers plus (accounts − 64) other accounts, written in one tree update.
        var tree = new SparseMerkleTree(store);
        var leaves = new List<KeyValuePair<Hash256, byte[]?>>(accounts);
        foreach (var key in keys) leaves.Add(new(OptimisticStateMachine.AccountKey(key.Address), new OptimisticAccount(1_000_000_000, 0).Encode()));
        for (var i = keys.Length; i < accounts; i++)
        {
            var address = new byte[Address.Size];
            BitConverter.TryWriteBytes(address, i);
            leaves.Add(new(OptimisticStateMachine.AccountKey(new Address(address)), new OptimisticAccount((ulong)i, 1).Encode()));
        }
        var root = tree.Update(SparseMerkleTree.EmptyRoot, leaves);

        var txs = new OneStepTransaction[Transfers];
        var witnesses = new byte[Transfers][];
        for (var i = 0; i < Transfers; i++)
        {
            var recipient = new byte[Address.Size];
            BitConverter.TryWriteBytes(recipient, (i * 7919) % accounts);
            txs[i] = OneStepTransaction.ForTransfer(OptimisticTransfer.Create(keys[i % keys.Length], 1, 1, new Address(recipient), 10, 1, 0));
            witnesses[i] = OneStepWitnessGenerator.Generate(store, root, txs[i], machine.Context).Witness.Encode();
        }

        var context = machine.Context;
        double Measure(Action<int> step)
        {
            for (var i = 0; i < 200; i++) step(i);
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < Transfers; i++) step(i);
            return watch.Elapsed.TotalMicroseconds / Transfers;
        }
        var oneStep = Measure(i =>
        {
            var result = OneStepExecutor.Execute(root, txs[i], OneStepWitness.Decode(witnesses[i]), context);
            if (!result.Applied) throw new InvalidOperationException("the benchmark's transfers are valid");
        });
        var stateful = Measure(i => machine.Apply(root, txs[i]));
        var verify = Measure(i => txs[i].Transfer!.VerifySignature(1, 1));
        var bytes = witnesses.Average(w => w.Length);
        string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
        Console.WriteLine($"one-step transfer on {accounts:N0} accounts ({Transfers:N0} transfers, single thread)");
        Console.WriteLine($"  executor (decode witness + stateless execute): {F(oneStep)} µs/step");
        Console.WriteLine($"  sequencer apply (stateful tree, same rules):  {F(stateful)} µs/tx");
        Console.WriteLine($"  peer: libsodium Ed25519 verify:               {F(verify)} µs  (executor = {F(oneStep / verify)}× one verify)");
        Console.WriteLine($"  witness: {F(bytes)} bytes on average (3 accesses), max {witnesses.Max(w => w.Length)}");
    }
}
