using Lamina.L2.Zk.Batch;
using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.Proving;
using Lamina.L2.Zk.Settlement;
using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;
using Lamina.Stark.Hashing;

namespace Lamina.L2.Zk.Operator;

/// <summary>
/// Turns an honestly proven batch into the submission a dishonest operator would send (<see cref="ZkFault"/>). Only
/// batches with a user transaction are altered; L1 must refuse every altered one and leave the root where it was.
/// </summary>
public static class ZkFaults
{
    private static readonly ZkSigningKey ForgerKey = ZkSigningKey.FromSeed("lamina/zk-operator/fault/forger!"u8);

    public static ZkBatchSubmission Submission(ZkFault fault, ZkBatchPlan plan, ZkProvenBatch proven, ZkRollupDomain domain)
    {
        var honest = ZkBatchSubmission.From(proven);
        int user = FirstUserTransaction(plan.Ops);
        if (fault == ZkFault.None || user < 0) return honest;
        IReadOnlyList<PubdataOp> ops = proven.Result.Ops;
        switch (fault)
        {
            case ZkFault.WrongRoot:
                return honest with { NewAccountRoot = Rpo256.Merge(honest.NewAccountRoot, honest.NewAccountRoot) };
            case ZkFault.PubdataMismatch:
            {
                byte[] blob = (byte[])honest.Pubdata.Clone();
                blob[^1] ^= 1;
                return honest with { Pubdata = blob };
            }
            case ZkFault.ForgedSignature:
            {
                int signer = SignerIndex(plan.Ops, ops, user);
                var tx = (SignedZkTransaction)plan.Ops[user];
                var signers = new List<SignerWitness>(proven.Proof.Signers);
                // The forger's key and its signature over the same message (a v5 proof carries no signature, only the key).
                signers[signer] = signers[signer] with { SenderKey = ForgerKey.PublicKey.W, Signature = ForgerKey.Sign(tx.SigningMessage(domain)) };
                return honest with { Proof = (proven.Proof with { Signers = signers }).Encode() };
            }
            case ZkFault.Overdraft:
            {
                int index = FirstSpend(ops);
                if (index < 0) return honest;
                AccountLeaf sender = plan.Before.Accounts.Get(ops[index].Account);
                var forged = new List<PubdataOp>(ops);
                forged[index] = Overdrawn(ops[index], sender.Balance);
                return honest with { Pubdata = PubdataCodec.Encode(forged), PubdataCommitment = PubdataCodec.Commitment(forged) };
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, "unknown fault");
        }
    }

    private static int FirstUserTransaction(IReadOnlyList<ZkTransaction> txs)
    {
        for (int i = 0; i < txs.Count; i++) if (!txs[i].IsPriority) return i;
        return -1;
    }

    /// <summary>The witness index of operation <paramref name="position"/>: one witness per applied signed operation before it.</summary>
    private static int SignerIndex(IReadOnlyList<ZkTransaction> txs, IReadOnlyList<PubdataOp> ops, int position)
    {
        int signer = 0;
        for (int i = 0; i < position; i++) if (ops[i].Applied && txs[i] is SignedZkTransaction) signer++;
        return signer;
    }

    private static int FirstSpend(IReadOnlyList<PubdataOp> ops)
    {
        for (int i = 0; i < ops.Count; i++) if (ops[i].Kind is ZkTxKind.Transfer or ZkTxKind.Withdrawal) return i;
        return -1;
    }

    /// <summary>The same operation moving more than the sender's whole balance before the batch.</summary>
    private static PubdataOp Overdrawn(PubdataOp op, ulong balanceBefore)
    {
        ulong wanted = Math.Min(AccountLeaf.MaxBalance, balanceBefore + op.Amount + 1);
        if (op.Kind == ZkTxKind.Withdrawal) return PubdataOp.Withdrawal(op.Account, wanted, op.Recipient);
        for (ulong scale = 1; ; scale *= 10)
        {
            ulong mantissa = (wanted + scale - 1) / scale;
            if (mantissa <= PackedAmount.MaxMantissa && PackedAmount.TryPack(checked(mantissa * scale), out PackedAmount packed))
                return PubdataOp.Transfer(op.Account, op.Other, packed);
        }
    }
}
