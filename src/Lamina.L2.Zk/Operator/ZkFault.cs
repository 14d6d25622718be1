namespace Lamina.L2.Zk.Operator;

/// <summary>
/// A dishonest operator, for the attack end-to-end tests only: every batch holding a user transaction is sent to L1
/// with one lie. Batches of priority operations alone go out honestly, so deposits land and users can act first.
/// </summary>
public enum ZkFault
{
    None = 0,

    /// <summary>The first user transaction's signature witness is replaced by another key's signature over the same message.</summary>
    ForgedSignature = 1,

    /// <summary>The first transfer or withdrawal moves more than the sender held (pubdata and commitment agree; the proof does not).</summary>
    Overdraft = 2,

    /// <summary>The claimed new account root is not the one the proof reached.</summary>
    WrongRoot = 3,

    /// <summary>The blob's bytes differ from the pubdata the proof and its commitment are for.</summary>
    PubdataMismatch = 4,
}
