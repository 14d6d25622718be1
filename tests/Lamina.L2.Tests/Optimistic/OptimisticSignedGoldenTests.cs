using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.L2.Optimistic;

namespace Lamina.L2.Tests.Optimistic;

/// <summary>Pins the signed bytes and wire encodings of transfers and withdrawals (Ed25519 signing is deterministic).</summary>
public sealed class OptimisticSignedGoldenTests
{
    private static readonly Address Bob = new(Enumerable.Repeat((byte)0xB0, Address.Size).ToArray());

    private const string TransferSigningBytes = "1d6c616d696e612f6c322f6f7074696d69737469632f7472616e73666572000000000000000700000000000000038a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5cb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0000000000000010200000000000000050000000000000009";
    private const string TransferEncoding = "018a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5cb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b000000000000001020000000000000005000000000000000952d7473496931229e5d2d62eaeb603781189e355c1659543fb5f40641cd775122ee6b7c54b942837cdf02a6409d388a978236ad98b1c50e1981165b2e327f702";
    private const string WithdrawalSigningBytes = "1f6c616d696e612f6c322f6f7074696d69737469632f7769746864726177616c000000000000000700000000000000038a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5cb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0000000000000010200000000000000050000000000000009";
    private const string WithdrawalEncoding = "018a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5cb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0000000000000010200000000000000050000000000000009483b31f4dca3254c5c6fe2a4b2db59454e3642c5b061c594ecaf7ce59026cff5327c7f784ec6ab8ec012c2e85ffbea83fda82fd94073e87a17692c18d8145100";

    [Fact]
    public void Transfer_and_withdrawal_golden_vectors()
    {
        using var alice = SigningKey.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray());
        var transfer = OptimisticTransfer.Create(alice, 7, 3, Bob, 0x0102, 5, 9);
        var withdrawal = OptimisticWithdrawal.Create(alice, 7, 3, Bob, 0x0102, 5, 9);
        Assert.Equal(TransferSigningBytes, Convert.ToHexStringLower(OptimisticTransfer.SigningBytes(7, 3, alice.PublicKey, Bob, 0x0102, 5, 9)));
        Assert.Equal(TransferEncoding, Convert.ToHexStringLower(transfer.Encode()));
        Assert.Equal(WithdrawalSigningBytes, Convert.ToHexStringLower(OptimisticWithdrawal.SigningBytes(7, 3, alice.PublicKey, Bob, 0x0102, 5, 9)));
        Assert.Equal(WithdrawalEncoding, Convert.ToHexStringLower(withdrawal.Encode()));

        Assert.Equal(transfer, OptimisticTransfer.Decode(Convert.FromHexString(TransferEncoding)));
        Assert.Equal(withdrawal, OptimisticWithdrawal.Decode(Convert.FromHexString(WithdrawalEncoding)));
        Assert.True(transfer.VerifySignature(7, 3));
        Assert.True(withdrawal.VerifySignature(7, 3));
        // Same fields, different kind: the signature does not carry over.
        Assert.False(new OptimisticWithdrawal(transfer.Sender, Bob, 0x0102, 5, 9, transfer.Signature).VerifySignature(7, 3));
    }

    [Fact]
    public void Both_kinds_refuse_the_same_malformed_inputs()
    {
        var transfer = Convert.FromHexString(TransferEncoding);
        var withdrawal = Convert.FromHexString(WithdrawalEncoding);
        foreach (var decode in new Func<byte[], object>[] { b => OptimisticTransfer.Decode(b), b => OptimisticWithdrawal.Decode(b) })
        {
            Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => decode(transfer[..^1])).Error);
            Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => decode([.. withdrawal, 0])).Error);
            Assert.Equal(CodecError.UnknownVersion, Assert.Throws<CodecException>(() => decode([2, .. transfer[1..]])).Error);
        }
    }
}
