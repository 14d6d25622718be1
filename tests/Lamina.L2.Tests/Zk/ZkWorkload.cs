using Lamina.Core;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;

namespace Lamina.L2.Tests.Zk;

/// <summary>
/// Seeded random workloads: users with keys, and a generator of valid operations of every kind that tracks the
/// state it expects (it runs its own executor), so tests can check the real executor and the pubdata replay.
/// </summary>
public sealed class ZkWorkload
{
    public static readonly ZkRollupDomain Domain = new("lamina-test", 7);

    private readonly TestRng _rng;
    private readonly List<ZkSigningKey> _keys = [];
    private readonly Dictionary<uint, ZkSigningKey> _owners = [];
    private readonly ZkBatchExecutor _executor = new(Domain);
    private int _sinceForcedExit;

    public ZkWorkload(ulong seed, int users)
    {
        _rng = new TestRng(seed);
        for (int i = 0; i < users; i++)
        {
            _keys.Add(ZkSigningKey.FromSeed(_rng.NextBytes(ZkSigningKey.SeedSize)));
        }
    }

    public ZkState State { get; } = new();

    public ZkSigningKey Owner(uint index) => _owners[index];

    public IReadOnlyCollection<uint> Accounts => _owners.Keys;

    /// <summary>Next operation, applied to the tracked state; deposits open the first accounts.</summary>
    public ZkTransaction Next()
    {
        var open = _owners.Keys.Order().ToList();
        int roll = _rng.Next(100);
        if (open.Count < 2 || roll < 12)
        {
            return Track(NewDeposit(open));
        }
        uint from = open[_rng.Next(open.Count)];
        AccountLeaf sender = State.Accounts.Get(from);
        ZkSigningKey key = _owners[from];
        if (sender.Balance == 0 || roll < 16)
        {
            return Track(NewDeposit(open, from));
        }
        ulong amount = 1 + _rng.NextU64() % Math.Min(sender.Balance, 1_000_000);
        if (roll < 24)
        {
            return Track(WithdrawalTx.Create(from, amount, new Address(_rng.NextBytes(Address.Size)), sender.Nonce, key, Domain));
        }
        if (roll < 30 || ++_sinceForcedExit % 16 == 0)
        {
            return Track(ForcedExitOp.Create(State.PriorityOpsProcessed, from, new Address(_rng.NextBytes(Address.Size)), sender.Nonce, key, Domain));
        }
        if (roll < 42 && _owners.Count < _keys.Count)
        {
            uint slot = FreeSlot();
            ZkSigningKey fresh = _keys[_owners.Count];
            var tx = TransferToNewTx.Create(from, slot, fresh.PublicKey, PackedAmount.Pack(amount), sender.Nonce, key, Domain);
            _owners[slot] = fresh;
            return Track(tx);
        }
        uint to = open[_rng.Next(open.Count)];
        if (to == from) to = open[(open.IndexOf(from) + 1) % open.Count];
        return Track(TransferTx.Create(from, to, PackedAmount.Pack(amount), sender.Nonce, key, Domain));
    }

    public List<ZkTransaction> Take(int count)
    {
        var list = new List<ZkTransaction>(count);
        for (int i = 0; i < count; i++) list.Add(Next());
        return list;
    }

    private DepositOp NewDeposit(List<uint> open, uint? into = null)
    {
        ulong amount = 1 + _rng.NextU64() % 10_000_000;
        if (into is uint existing)
        {
            return new DepositOp(State.PriorityOpsProcessed, existing, _owners[existing].PublicKey, amount);
        }
        if (_owners.Count == _keys.Count)
        {
            uint any = open[_rng.Next(open.Count)];
            return new DepositOp(State.PriorityOpsProcessed, any, _owners[any].PublicKey, amount);
        }
        uint slot = FreeSlot();
        _owners[slot] = _keys[_owners.Count];
        return new DepositOp(State.PriorityOpsProcessed, slot, _owners[slot].PublicKey, amount);
    }

    private uint FreeSlot()
    {
        while (true)
        {
            uint slot = (uint)_rng.Next((int)AccountTree.Capacity);
            if (!_owners.ContainsKey(slot)) return slot;
        }
    }

    private ZkTransaction Track(ZkTransaction tx)
    {
        _executor.Apply(State, tx);
        return tx;
    }
}
