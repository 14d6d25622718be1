using Lamina.Core;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Operator;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.Settlement;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Proofs;
using Lamina.Storage;

namespace Lamina.L2.Zk.Tests;

/// <summary>
/// An operator over an in-memory L1 and a store that outlives it (a restart is a new core and operator on the same
/// store), with fast, insecure test proof options and small batches, so a batch proves in about a second.
/// </summary>
internal sealed class ZkOperatorFixture : IDisposable
{
    public static readonly ProofOptions Fast = ProofOptions.InsecureFastForTestsOnly(8, 4);
    public static readonly ZkRollupDomain Domain = new("lamina-test", 7);
    public static readonly ZkSigningKey Alice = Key(1), Bob = Key(2), Carol = Key(3);
    public const uint A = 3, B = 1_000_000, C = 16_777_215;
    public static readonly Address Exit = new(Enumerable.Repeat((byte)0xE1, Address.Size).ToArray());

    public InMemoryStore Store { get; } = new();
    public ManualTime Time { get; } = new();
    public InMemoryZkSettlement L1 { get; } = new(Domain, minimumSecurityBits: 0);
    public ZkOperatorOptions Options { get; }
    public ZkOperator Operator { get; private set; }
    public ZkOperatorCore Core => Operator.Core;

    public ZkOperatorFixture(ZkOperatorOptions? options = null)
    {
        Options = options ?? new ZkOperatorOptions(MaxBatchOps: 4, ProverParallelism: 2);
        Operator = Start();
    }

    private static ZkSigningKey Key(byte fill) => ZkSigningKey.FromSeed(Enumerable.Repeat(fill, 32).ToArray());

    private ZkOperator Start() =>
        new(new ZkOperatorCore(Domain, new ZkOperatorJournal(Store), Options, Time), L1, new ZkBatchProver(Domain, Fast, sequential: true), Options, Time);

    /// <summary>A crash and restart: everything in memory is dropped, the store stays.</summary>
    public ZkOperator Restart() => Operator = Start();

    public TransferTx Transfer(ZkSigningKey key, uint from, uint to, ulong amount, uint nonce) =>
        TransferTx.Create(from, to, PackedAmount.Pack(amount), nonce, key, Domain);

    /// <summary>Ticks (moving the clock past the batch interval each time) until every batch is proven and L1 verified them all.</summary>
    public async Task SettleAsync(int maxTicks = 20)
    {
        for (int i = 0; i < maxTicks; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(2));
            await Operator.TickAsync(CancellationToken.None);
            await Operator.WaitForProofsAsync();
            await Operator.TickAsync(CancellationToken.None);
            ZkL1Status status = await L1.GetStatusAsync(CancellationToken.None);
            if (Core.PendingHead().Unbatched == 0 && status.ProvenBatches == Core.BatchCount && status.PriorityOpsWaiting == 0)
            {
                await Operator.TickAsync(CancellationToken.None); // the operator notes what L1 verified last
                return;
            }
        }
        throw new TimeoutException($"not settled: {Operator.LastError}");
    }

    public void Dispose() => Store.Dispose();
}
