using Lamina.L2.Zk.Air;
using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Hashing;
using Lamina.Stark.Proofs;

namespace Lamina.L2.Zk.Proving;

/// <summary>
/// The public statements of a batch of any operation kinds, rebuilt from its pubdata and the proof's witnesses
/// (one <see cref="SignerWitness"/> per applied signed operation, in order: transfer, transfer to a new account,
/// withdrawal, applied forced exit) and one leaf opening per refused priority operation (a refunded deposit, a stale
/// or invalid forced exit), which becomes a read-only update pinning that leaf, so the proof shows what the leaf
/// held when the operation was refused. The prover and the verifier both call this, so the two cannot drift
/// apart. A malformed pairing is an <see cref="InvalidProofException"/>.
/// <para>For batch proof v4 each signature's message is hashed here (RPO); since v5 the statement carries the
/// message's elements and the proof hashes them (<see cref="ChallengeDomain"/> set), so building the statements
/// hashes nothing; v6 has v5's statements under a lower-degree signature AIR (<see cref="ProofVersion"/>).</para>
/// </summary>
public sealed class ZkBatchStatements
{
    private ZkBatchStatements(List<LeafUpdateStatement> updates, List<SchnorrStatement> signatures, RpoDigest? challengeDomain, byte proofVersion)
    {
        Updates = updates;
        Signatures = signatures;
        ChallengeDomain = challengeDomain;
        ProofVersion = proofVersion;
    }

    /// <summary>The rollup's domain digest when the proof hashes messages and challenges in the trace (v5, v6); null for v4.</summary>
    public RpoDigest? ChallengeDomain { get; }

    /// <summary>The batch proof version these statements are proven under (<see cref="ZkBatchProof.Version"/> and the earlier ones).</summary>
    public byte ProofVersion { get; }

    public IReadOnlyList<LeafUpdateStatement> Updates { get; }
    public IReadOnlyList<SchnorrStatement> Signatures { get; }

    public static ZkBatchStatements Build(ZkRollupDomain domain, IReadOnlyList<PubdataOp> pubdata, IReadOnlyList<SignerWitness> witnesses,
        IReadOnlyList<AccountLeaf> openings, byte proofVersion = ZkBatchProof.Version)
    {
        bool inTrace = ZkBatchProof.HashesInTrace(proofVersion);
        int opened = 0;
        var updates = new List<LeafUpdateStatement>(2 * pubdata.Count);
        var signatures = new List<SchnorrStatement>(witnesses.Count);
        int next = 0;
        for (int i = 0; i < pubdata.Count; i++)
        {
            PubdataOp op = pubdata[i];
            if (!op.Applied)
            {
                if (opened == openings.Count)
                {
                    throw new InvalidProofException(ProofRejection.ShapeMismatch, $"operation {i} is refused but the proof has no leaf opening left for it");
                }
                updates.Add(LeafUpdates.Opening(op.Account, openings[opened++]));
                continue;
            }
            if (op.Kind == ZkTxKind.Deposit)
            {
                updates.Add(LeafUpdates.Deposit(op.Account, op.Amount, op.Key!.Value));
                continue;
            }
            if (next == witnesses.Count)
            {
                throw new InvalidProofException(ProofRejection.ShapeMismatch, $"operation {i} is signed but the proof has no witness left for it");
            }
            SignerWitness w = witnesses[next++];
            if (op.Kind is ZkTxKind.Transfer or ZkTxKind.TransferToNew && (op.Account == op.Other || op.Amount == 0))
            {
                // The AIR would accept these (they move nothing), but the executor refuses them: keep the two in step.
                throw new InvalidProofException(ProofRejection.InvalidAir, $"transfer {i} is a self-transfer or moves nothing");
            }
            ZkSignature signature = w.Signature ?? default; // a v5 proof carries none; the message does not depend on it
            SignedZkTransaction tx = op.Kind switch
            {
                ZkTxKind.Transfer => new TransferTx(op.Account, op.Other, op.Packed, w.Nonce, signature),
                ZkTxKind.TransferToNew => new TransferToNewTx(op.Account, op.Other, op.Key!.Value, op.Packed, w.Nonce, signature),
                ZkTxKind.Withdrawal => new WithdrawalTx(op.Account, op.Amount, op.Recipient, w.Nonce, signature),
                ZkTxKind.ForcedExit => new ForcedExitOp(0, op.Account, op.Recipient, w.Nonce, signature), // the serial is not signed
                _ => throw new InvalidProofException(ProofRejection.ShapeMismatch, $"operation {i} has unknown kind {op.Kind}"),
            };
            switch (op.Kind)
            {
                case ZkTxKind.Transfer:
                    updates.Add(LeafUpdates.Debit(op.Account, op.Amount, w.Nonce, w.SenderKey));
                    updates.Add(LeafUpdates.Credit(op.Other, op.Amount));
                    break;
                case ZkTxKind.TransferToNew:
                    updates.Add(LeafUpdates.Debit(op.Account, op.Amount, w.Nonce, w.SenderKey));
                    updates.Add(LeafUpdates.Register(op.Other, op.Amount, op.Key!.Value));
                    break;
                case ZkTxKind.Withdrawal:
                    updates.Add(LeafUpdates.Debit(op.Account, op.Amount, w.Nonce, w.SenderKey));
                    break;
                default:
                    updates.Add(LeafUpdates.ForcedExit(op.Account, op.Amount, w.Nonce, w.SenderKey));
                    break;
            }
            try
            {
                signatures.Add(inTrace
                    ? new SchnorrStatement(w.SenderKey, tx.MessageElements(domain), w.Signature)
                    : new SchnorrStatement(w.SenderKey, tx.SigningMessage(domain), w.Signature
                        ?? throw new InvalidProofException(ProofRejection.ShapeMismatch, $"operation {i}: a v4 proof carries every signature")));
            }
            catch (ArgumentException e)
            {
                throw new InvalidProofException(ProofRejection.ShapeMismatch, $"operation {i}: {e.Message}");
            }
        }
        if (next != witnesses.Count)
        {
            throw new InvalidProofException(ProofRejection.ShapeMismatch, $"the proof carries {witnesses.Count} witnesses for {next} signed operations");
        }
        if (opened != openings.Count)
        {
            throw new InvalidProofException(ProofRejection.ShapeMismatch, $"the proof carries {openings.Count} leaf openings for {opened} refused operations");
        }
        if (updates.Count == 0)
        {
            throw new InvalidProofException(ProofRejection.ShapeMismatch, "the batch changes no account");
        }
        return new ZkBatchStatements(updates, signatures, inTrace ? domain.Digest : null, proofVersion);
    }
}
