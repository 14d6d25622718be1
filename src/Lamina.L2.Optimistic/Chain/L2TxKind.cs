namespace Lamina.L2.Optimistic.Chain;

/// <summary>Where an L2 block's transaction came from; a block carries them in this order.</summary>
public enum L2TxKind : byte
{
    Deposit = 0,
    Forced = 1,
    Sequenced = 2,
}
