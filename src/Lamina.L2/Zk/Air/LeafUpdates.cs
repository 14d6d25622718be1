using Lamina.L2.Zk.Crypto;
using Lamina.L2.Zk.State;
using Lamina.Stark.Field;

namespace Lamina.L2.Zk.Air;

/// <summary>
/// How each operation kind becomes leaf updates for <see cref="AccountTreeTransitionAir"/>. A signed debit pins the
/// signer's key and nonce (the signature proof checks the signature against exactly them) and bumps the nonce; the
/// new balance's range check refuses an overdraft, and a credit's range check refuses an overflow.
/// </summary>
public static class LeafUpdates
{
    /// <summary>The signer's side of a transfer, a transfer to a new account or a withdrawal.</summary>
    public static LeafUpdateStatement Debit(uint from, ulong amount, uint nonce, ZkPublicKey signer) => Debit(from, amount, nonce, signer.W);

    /// <summary>A debit under a key encoding taken from a proof's witness (the AIR pins it as the leaf's key).</summary>
    public static LeafUpdateStatement Debit(uint from, ulong amount, uint nonce, Fp5 signer) =>
        new(from, -Felt.FromU64(amount), true, ExpectedKey: signer, ExpectedNonce: nonce);

    /// <summary>The recipient of a transfer: an existing account (the AIR checks its key is nonzero).</summary>
    public static LeafUpdateStatement Credit(uint to, ulong amount) => new(to, Felt.FromU64(amount), false);

    /// <summary>The recipient of a transfer to a new account: the slot must be empty, and takes <paramref name="key"/>.</summary>
    public static LeafUpdateStatement Register(uint to, ulong amount, ZkPublicKey key) =>
        new(to, Felt.FromU64(amount), false, RegisterKey: key.W, RegisterRequired: true);

    /// <summary>An applied deposit: the slot is empty (and takes the key) or already holds exactly this key.</summary>
    public static LeafUpdateStatement Deposit(uint to, ulong amount, ZkPublicKey key) =>
        new(to, Felt.FromU64(amount), false, RegisterKey: key.W, RegisterRequired: false);

    /// <summary>An applied forced exit: signed by the account's key at its nonce, the whole balance leaves.</summary>
    public static LeafUpdateStatement ForcedExit(uint account, ulong balance, uint nonce, ZkPublicKey signer) => ForcedExit(account, balance, nonce, signer.W);

    /// <summary>A forced exit under a key encoding taken from a proof's witness.</summary>
    public static LeafUpdateStatement ForcedExit(uint account, ulong balance, uint nonce, Fp5 signer) =>
        new(account, -Felt.FromU64(balance), true, ExpectedKey: signer, ExpectedNonce: nonce, EmptiesBalance: true);

    /// <summary>
    /// A read-only opening: the leaf at <paramref name="index"/> is exactly <paramref name="leaf"/> at this point of the
    /// batch, and stays so. A refused priority operation carries one, so the verifier can check natively that the
    /// executor's rule really refuses it. An empty slot is opened through the register flag with the zero key, since a
    /// plain no-op update requires an existing account.
    /// </summary>
    public static LeafUpdateStatement Opening(uint index, AccountLeaf leaf) => leaf.Key is ZkPublicKey key
        ? new(index, Felt.Zero, false, ExpectedKey: key.W, ExpectedNonce: leaf.Nonce, ExpectedBalance: leaf.Balance)
        : new(index, Felt.Zero, false, ExpectedKey: Fp5.Zero, ExpectedNonce: leaf.Nonce, RegisterKey: Fp5.Zero, RegisterRequired: true,
            ExpectedBalance: leaf.Balance);

    /// <summary>A transfer between existing accounts: the sender's debit, then the recipient's credit.</summary>
    public static LeafUpdateStatement[] Transfer(TransferStatement t) => [Debit(t.From, t.Amount, t.Nonce, t.SenderKey), Credit(t.To, t.Amount)];
}
