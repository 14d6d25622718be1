using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Merkle;

namespace Lamina.L2.Optimistic;

/// <summary>
/// The executor's ledger: it holds the state only as a root. Each access consumes the next witness entry, checks its
/// proof against the current root for the key the rules derived, and the write that follows recomputes the root
/// statelessly from that same proof (<see cref="SmtProof.RootAfterWrite"/>).
/// </summary>
internal sealed class OneStepWitnessLedger(Hash256 preRoot, OneStepWitness witness) : IOptimisticLedger
{
    private int _next;
    private Hash256? _openKey;
    private SmtProof? _openProof;

    public Hash256 Root { get; private set; } = preRoot;

    public OptimisticAccount ReadAccount(Address address)
    {
        var value = Open(OptimisticStateMachine.AccountKey(address));
        if (value is null) return default;
        try
        {
            return OptimisticAccount.Decode(value);
        }
        catch (CodecException ex)
        {
            throw new InvalidOneStepWitnessException(OneStepWitnessError.MalformedLeaf, _next - 1, ex.Message);
        }
    }

    public void WriteAccount(Address address, OptimisticAccount account) =>
        Write(OptimisticStateMachine.AccountKey(address), account.Encode());

    public void WriteReceipt(OptimisticWithdrawalReceipt receipt)
    {
        Open(receipt.Id);
        Write(receipt.Id, receipt.Encode());
    }

    public ulong ReadDepositCursor()
    {
        var value = Open(OptimisticDepositCursor.Key);
        if (value is null) return 0;
        try
        {
            return OptimisticDepositCursor.Decode(value);
        }
        catch (CodecException ex)
        {
            throw new InvalidOneStepWitnessException(OneStepWitnessError.MalformedLeaf, _next - 1, ex.Message);
        }
    }

    public void WriteDepositCursor(ulong next) => Write(OptimisticDepositCursor.Key, OptimisticDepositCursor.Encode(next));

    /// <summary>After the rules finished (or rejected): every entry must have been used.</summary>
    public void EnsureConsumed()
    {
        if (_next != witness.Accesses.Count)
            throw new InvalidOneStepWitnessException(OneStepWitnessError.UnusedAccess, _next, $"{witness.Accesses.Count - _next} witness entries were not used");
    }

    private byte[]? Open(Hash256 key)
    {
        var index = _next;
        if (index >= witness.Accesses.Count)
            throw new InvalidOneStepWitnessException(OneStepWitnessError.MissingAccess, index, $"the witness has only {witness.Accesses.Count} entries");
        var (value, proof) = witness.Accesses[index];
        _next++;
        var present = value is not null;
        if (proof.LeafKey is { } leafKey && (leafKey == key) != present)
            throw new InvalidOneStepWitnessException(OneStepWitnessError.KeyMismatch, index, present ? "the proof ends at another key's leaf" : "the entry claims absent a key its proof shows present");
        if (present && proof.LeafKey is null)
            throw new InvalidOneStepWitnessException(OneStepWitnessError.KeyMismatch, index, "the entry has a value but its proof ends at an empty subtree");
        if (present && proof.LeafValueHash != SmtNode.HashValue(value))
            throw new InvalidOneStepWitnessException(OneStepWitnessError.ValueMismatch, index, "the value is not the one the proof commits to");
        try
        {
            proof.Verify(Root, key, value, present);
        }
        catch (InvalidMerkleProofException ex)
        {
            throw new InvalidOneStepWitnessException(OneStepWitnessError.RootMismatch, index, ex.Reason);
        }
        _openKey = key;
        _openProof = proof;
        return value;
    }

    private void Write(Hash256 key, byte[] value)
    {
        // The rules write only the key they have just read; anything else is a bug in the rules, not in a witness.
        if (_openKey != key || _openProof is null) throw new InvalidOperationException("a write must follow the read of the same key");
        Root = _openProof.RootAfterWrite(key, value);
        _openKey = null;
        _openProof = null;
    }
}
