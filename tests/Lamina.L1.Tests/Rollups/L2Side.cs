using Lamina.Core;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.L2.Optimistic;

namespace Lamina.L1.Tests.Rollups;

/// <summary>
/// The L2 half of a test: the real optimistic state machine of rollup <see cref="RollupKit.Id"/>, crediting deposits and
/// burning withdrawals, from which the tests take output roots and withdrawal proofs exactly as a proposer would.
/// </summary>
internal sealed class L2Side
{
    private readonly OptimisticStateMachine _machine = new(new InMemorySmtNodeStore(), RollupKit.L2ChainId, RollupKit.Id, TestKit.Addr(1), OptimisticFeeSchedule.Free);
    private readonly Dictionary<Address, ulong> _nonces = [];
    private ulong _block;

    public Hash256 Root { get; private set; } = SparseMerkleTree.EmptyRoot;

    public ulong Balance(Address address) => _machine.GetAccount(Root, address).Balance;

    public void Credit(Address recipient, ulong amount) => Root = _machine.ApplyDeposit(Root, recipient, amount);

    /// <summary>Burns <paramref name="amount"/> of <paramref name="from"/>'s L2 balance for <paramref name="l1Recipient"/>.</summary>
    public OptimisticWithdrawalReceipt Withdraw(SigningKey from, Address l1Recipient, ulong amount)
    {
        var address = from.PublicKey.ToAddress();
        _nonces.TryGetValue(address, out var nonce);
        _nonces[address] = nonce + 1;
        var withdrawal = OptimisticWithdrawal.Create(from, RollupKit.L2ChainId, RollupKit.Id, l1Recipient, amount, 0, nonce);
        Root = _machine.ApplyWithdrawal(Root, withdrawal);
        return withdrawal.Receipt;
    }

    /// <summary>The output of a new L2 block over the current state.</summary>
    public OptimisticOutput Seal()
    {
        _block++;
        return new OptimisticOutput(Root, DomainHasher.Hash(new DomainTag("lamina/test/l2-block"), BitConverter.GetBytes(_block)), _block);
    }

    public OptimisticWithdrawalProof Prove(OptimisticOutput output, OptimisticWithdrawalReceipt receipt) => _machine.ProveWithdrawal(output, receipt);
}
