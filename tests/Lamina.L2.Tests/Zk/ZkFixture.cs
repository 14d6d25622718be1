using Lamina.Core;
using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Air;
using Lamina.Stark.Proofs;
using Lamina.Stark.Prover;
using Lamina.Stark.Verifier;

namespace Lamina.L2.Tests.Zk;

/// <summary>
/// What the ZK proving and AIR tests share: fast test proof options, the domain, the named keys and their account
/// slots, the funded starting state, the batch prover and verifier calls, and the "no accepted proof" and forged-proof
/// checks. Slots are spread over the 24-bit index space (A low, B middle, C the last slot) so paths differ.
/// </summary>
internal static class ZkFixture
{
    public static readonly ProofOptions Fast = ProofOptions.InsecureFastForTestsOnly(8, 4);
    public static readonly ZkRollupDomain Domain = ZkWorkload.Domain;

    public static readonly ZkSigningKey Alice = Key(0);
    public static readonly ZkSigningKey Bob = Key(1);
    public static readonly ZkSigningKey Carol = Key(2);
    public static readonly ZkSigningKey Dave = Key(3);
    public static readonly ZkSigningKey Erin = Key(4);
    public static readonly ZkSigningKey Operator = Key(9);
    public static readonly Address L1 = new(Enumerable.Repeat((byte)0xAB, Address.Size).ToArray());

    public const uint A = 3, B = 1_000_000, C = 16_777_215, D = 7, E = 9_999_999, O = 42;

    private static ZkSigningKey Key(byte fill) => ZkSigningKey.FromSeed(Enumerable.Repeat(fill, 32).ToArray());

    /// <summary>Alice 1,000 at A and Bob 50 at B (priority serials 0 and 1), then <paramref name="more"/> from serial 2 on.</summary>
    public static ZkState Funded(params (uint Index, ZkSigningKey Key, ulong Amount)[] more)
    {
        var state = new ZkState();
        var executor = new ZkBatchExecutor(Domain);
        executor.Apply(state, new DepositOp(0, A, Alice.PublicKey, 1_000));
        executor.Apply(state, new DepositOp(1, B, Bob.PublicKey, 50));
        for (int i = 0; i < more.Length; i++)
        {
            executor.Apply(state, new DepositOp((ulong)(2 + i), more[i].Index, more[i].Key.PublicKey, more[i].Amount));
        }
        return state;
    }

    /// <summary>Alice, Bob, and the operator's own account (1 at O).</summary>
    public static ZkState FundedWithOperator() => Funded((O, Operator, 1));

    public static ZkProvenBatch Prove(ZkState state, IReadOnlyList<ZkTransaction> txs, ulong batchNumber) =>
        new ZkBatchProver(Domain, Fast).Prove(state, txs, batchNumber);

    /// <summary>L1's check of a proven batch, on the proof as it travels (re-decoded), at test security.</summary>
    /// <summary>L1's queue defaults to exactly what the batch consumed.</summary>
    public static int Verify(ZkState before, ZkProvenBatch batch, ulong? batchNumber = null, IReadOnlyList<PubdataOp>? pubdata = null,
        IReadOnlyList<ZkTransaction>? queue = null) =>
        ZkBatchVerifier.Verify(Domain, before.Accounts.Root, batch.Result.State.Accounts.Root, batchNumber ?? batch.BatchNumber,
            pubdata ?? PubdataCodec.Decode(batch.Result.Pubdata), queue ?? batch.ConsumedPriorityOps, ZkBatchProof.Decode(batch.Proof.Encode()),
            minimumSecurityBits: 0);

    /// <summary>Neither the honest prover (its own checks) nor a cheating one (checks skipped) gets an accepted proof.</summary>
    public static void AssertNoAcceptedProof(StarkAir air, TraceTable trace)
    {
        Assert.Throws<ProverException>(() => StarkProver.Prove(air, trace, Fast));
        StarkProof cheat = StarkProver.Prove(air, trace, Fast, skipSelfChecks: true);
        Assert.False(StarkVerifier.TryVerify(air, ProofCodec.Encode(cheat), out _, minimumSecurityBits: 0));
    }

    /// <summary>
    /// A batch proof an operator forces out of its prover (self-checks skipped) for a claimed transition from
    /// <paramref name="before"/> to <paramref name="after"/>, as a cheating operator would submit it.
    /// </summary>
    public static ZkBatchProof Forge(ZkState before, ZkState after, ulong batchNumber, IReadOnlyList<LeafUpdateStatement> updates,
        IReadOnlyList<SchnorrStatement> signatures, IReadOnlyList<SignerWitness> witnesses, IReadOnlyList<AccountLeaf>? openings = null)
    {
        // Statements with message elements make a v6 proof (hashed in the trace), digest-only ones a v4 proof.
        bool inTrace = signatures.Count > 0 && signatures.All(s => s.MessageElements is not null);
        StarkAir air = ZkBatchAir.For(before.Accounts.Root, after.Accounts.Root, updates, signatures, batchNumber, inTrace ? Domain.Digest : null,
            nextYFromNextX: inTrace);
        byte[] stark = ProofCodec.Encode(StarkProver.Prove(air, ZkBatchAir.BuildTrace(before.Accounts, air), Fast, skipSelfChecks: true));
        return new ZkBatchProof(witnesses, openings ?? [], stark)
        {
            ProofVersion = inTrace || signatures.Count == 0 ? ZkBatchProof.Version : ZkBatchProof.NativeChallengeVersion,
        };
    }
}
