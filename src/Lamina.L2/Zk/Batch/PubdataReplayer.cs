using Lamina.L2.Zk.State;
using Lamina.L2.Zk.Transactions;

namespace Lamina.L2.Zk.Batch;

/// <summary>
/// Rebuilds the state from pubdata alone, the way anyone watching the DA layer can: no signatures, only the
/// published effects. Every applied signed operation advanced its signer's nonce by one, so nonces are rebuilt too.
/// </summary>
public static class PubdataReplayer
{
    public static void Apply(ZkState state, IReadOnlyList<PubdataOp> ops)
    {
        AccountTree tree = state.Accounts;
        foreach (PubdataOp op in ops)
        {
            switch (op.Kind)
            {
                case ZkTxKind.Transfer:
                {
                    AccountLeaf sender = tree.Get(op.Account);
                    tree.Set(op.Account, sender with { Balance = sender.Balance - op.Amount, Nonce = sender.Nonce + 1 });
                    AccountLeaf to = tree.Get(op.Other); // read after the debit, so even a self-transfer replays as the AIR applies it
                    tree.Set(op.Other, to with { Balance = to.Balance + op.Amount });
                    break;
                }
                case ZkTxKind.TransferToNew:
                {
                    AccountLeaf sender = tree.Get(op.Account);
                    tree.Set(op.Account, sender with { Balance = sender.Balance - op.Amount, Nonce = sender.Nonce + 1 });
                    tree.Set(op.Other, new AccountLeaf(op.Key, op.Amount, 0));
                    break;
                }
                case ZkTxKind.Deposit:
                {
                    state.PriorityOpsProcessed++;
                    if (op.Applied)
                    {
                        AccountLeaf to = tree.Get(op.Account);
                        tree.Set(op.Account, new AccountLeaf(op.Key, to.Balance + op.Amount, to.Nonce));
                    }
                    break;
                }
                case ZkTxKind.Withdrawal:
                {
                    AccountLeaf sender = tree.Get(op.Account);
                    tree.Set(op.Account, sender with { Balance = sender.Balance - op.Amount, Nonce = sender.Nonce + 1 });
                    break;
                }
                default:
                {
                    state.PriorityOpsProcessed++;
                    if (op.Applied)
                    {
                        AccountLeaf account = tree.Get(op.Account);
                        tree.Set(op.Account, account with { Balance = 0, Nonce = account.Nonce + 1 });
                    }
                    break;
                }
            }
        }
    }
}
