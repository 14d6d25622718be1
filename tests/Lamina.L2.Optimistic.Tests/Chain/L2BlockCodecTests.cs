using Lamina.Core;
using Lamina.Core.Codec;
using Lamina.L2.Optimistic.Chain;

namespace Lamina.L2.Optimistic.Tests.Chain;

public sealed class L2BlockCodecTests
{
    private static Hash256 Filled(byte b) => new([.. Enumerable.Repeat(b, Hash256.Size)]);

    // Expected bytes and hash computed independently with Python (struct.pack + hashlib.sha256 of len ‖ tag ‖ bytes).
    private const string HeaderGolden =
        "02" + "0000000000000007" + "1111111111111111111111111111111111111111111111111111111111111111" + "000000000000002a"
        + "0000018bcfe5687b" + "0000000000000003" + "0000000000000001" + "0000000000000005" + "00000002"
        + "2222222222222222222222222222222222222222222222222222222222222222"
        + "4444444444444444444444444444444444444444444444444444444444444444";
    private const string HeaderHashGolden = "0x787174aebfae08fb17395e64cd9cc7a4f5fff5befe9ec06fc3c7518d52b1ae11";

    private static readonly L2BlockHeader Sample = new(7, Filled(0x11), 42, 1_700_000_000_123, 3, 1, 5, 2, Filled(0x22), Filled(0x44));

    [Fact]
    public void Header_golden_vector_and_hash()
    {
        var bytes = Sample.Encode();
        Assert.Equal(L2BlockHeader.EncodedSize, bytes.Length);
        Assert.Equal(HeaderGolden, Convert.ToHexStringLower(bytes));
        Assert.Equal(HeaderHashGolden, Sample.Hash.ToString());
        Assert.Equal(Sample, L2BlockHeader.Decode(bytes));
        Assert.Equal(new OptimisticOutput(Sample.StateRoot, Sample.Hash, 7), Sample.Output);
    }

    [Fact]
    public void Header_decoder_rejects_other_encodings()
    {
        var bytes = Sample.Encode();
        Assert.Equal(CodecError.UnknownVersion, Assert.Throws<CodecException>(() => L2BlockHeader.Decode([1, .. bytes[1..]])).Error);
        Assert.Equal(CodecError.Truncated, Assert.Throws<CodecException>(() => L2BlockHeader.Decode(bytes[..^1])).Error);
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => L2BlockHeader.Decode([.. bytes, 0])).Error);
    }

    [Fact]
    public void Block_round_trips_and_refuses_a_body_that_disagrees_with_its_header()
    {
        var executor = new L2BlockExecutor(TestKeys.Machine());
        var genesis = TestKeys.Genesis;
        var result = executor.Execute(genesis, new L2BlockInputs(11, genesis.TimestampMs + 100,
            [new L2Deposit(0, TestKeys.Key(0).Address, 1_000)],
            [new ForcedTransaction(0, 10, TestKeys.Transfer(0, TestKeys.Addr(9), 5, 0))],
            [TestKeys.Withdraw(0, TestKeys.Addr(8), 7, 1)]));
        var block = result.Block;
        Assert.Empty(result.Dropped);
        var bytes = block.Encode();
        var decoded = L2Block.Decode(bytes);
        Assert.Equal(block.Header, decoded.Header);
        Assert.Equal(block.Transactions, decoded.Transactions);
        Assert.Equal(block.IntermediateRoots, decoded.IntermediateRoots);

        foreach (var tx in block.Transactions) Assert.Equal(tx, L2Transaction.Decode(tx.Encode()));

        // Flip a byte of the last intermediate root, then of the first transaction's body: both are caught against the header.
        var badRoot = (byte[])bytes.Clone();
        badRoot[^1] ^= 1;
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => L2Block.Decode(badRoot)).Error);
        var badTx = (byte[])bytes.Clone();
        badTx[L2BlockHeader.EncodedSize + 4 + 10] ^= 1;
        Assert.Equal(CodecError.InvalidValue, Assert.Throws<CodecException>(() => L2Block.Decode(badTx)).Error);
        Assert.Equal(CodecError.TrailingBytes, Assert.Throws<CodecException>(() => L2Block.Decode([.. bytes, 0])).Error);
        Assert.Equal(CodecError.UnknownKind, Assert.Throws<CodecException>(() => L2Transaction.Decode([3, 0])).Error);
    }
}
