using Lamina.Core;
using Lamina.Core.Merkle;

namespace Lamina.L2.Optimistic;

/// <summary>
/// Builds the witness the <see cref="OneStepExecutor"/> needs, from a state the caller holds (the challenger's or the
/// sequencer's node store): it runs the shared rules over a ledger that proves every access against the current root
/// and applies every write to the tree, one at a time. New nodes go to a throw-away buffer, never to
/// the given store.
/// </summary>
public static class OneStepWitnessGenerator
{
    public static (OneStepWitness Witness, OneStepResult Result) Generate(ISmtNodeStore store, Hash256 preRoot, OneStepTransaction transaction, in OptimisticRuleContext context)
    {
        var ledger = new Recorder(new SparseMerkleTree(new BufferedSmtNodeStore(store)), preRoot);
        OneStepResult result;
        try
        {
            transaction.ApplyTo(ledger, context);
            result = new OneStepResult(ledger.Root, null);
        }
        catch (InvalidOptimisticTransactionException ex)
        {
            result = new OneStepResult(preRoot, ex.Error);
        }
        return (new OneStepWitness(ledger.Accesses), result);
    }

    private sealed class Recorder(SparseMerkleTree tree, Hash256 root) : IOptimisticLedger
    {
        public List<OneStepAccess> Accesses { get; } = new(3);
        public Hash256 Root { get; private set; } = root;

        public OptimisticAccount ReadAccount(Address address)
        {
            var value = Open(OptimisticStateMachine.AccountKey(address));
            return value is null ? default : OptimisticAccount.Decode(value);
        }

        public void WriteAccount(Address address, OptimisticAccount account) => Write(OptimisticStateMachine.AccountKey(address), account.Encode());

        public void WriteReceipt(OptimisticWithdrawalReceipt receipt)
        {
            Open(receipt.Id);
            Write(receipt.Id, receipt.Encode());
        }

        public ulong ReadDepositCursor()
        {
            var value = Open(OptimisticDepositCursor.Key);
            return value is null ? 0 : OptimisticDepositCursor.Decode(value);
        }

        public void WriteDepositCursor(ulong next) => Write(OptimisticDepositCursor.Key, OptimisticDepositCursor.Encode(next));

        private byte[]? Open(Hash256 key)
        {
            var value = tree.Get(Root, key);
            Accesses.Add(new OneStepAccess(value, tree.Prove(Root, key)));
            return value;
        }

        private void Write(Hash256 key, byte[] value) => Root = tree.Update(Root, [new(key, value)]);
    }
}
