namespace Lamina.Core.Crypto;

/// <summary>The registry of every hash domain in Lamina. A new use of SHA-256 gets a new tag here.</summary>
public static class DomainTags
{
    public static readonly DomainTag Address = new("lamina/address");
    public static readonly DomainTag MerkleLeaf = new("lamina/merkle/leaf");
    public static readonly DomainTag MerkleNode = new("lamina/merkle/node");
    public static readonly DomainTag SmtLeaf = new("lamina/smt/leaf");
    public static readonly DomainTag SmtNode = new("lamina/smt/node");
    public static readonly DomainTag SmtKey = new("lamina/smt/key");
    public static readonly DomainTag SmtValue = new("lamina/smt/value");
    public static readonly DomainTag TxSigning = new("lamina/tx/sign");
    public static readonly DomainTag TxId = new("lamina/tx/id");
    public static readonly DomainTag BlockHeader = new("lamina/block/header");
    public static readonly DomainTag Vote = new("lamina/consensus/vote");
    public static readonly DomainTag Commit = new("lamina/consensus/commit");
    public static readonly DomainTag ValidatorSet = new("lamina/validator-set");
    public static readonly DomainTag Genesis = new("lamina/genesis");
}
