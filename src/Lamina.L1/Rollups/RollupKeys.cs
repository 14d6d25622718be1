using System.Buffers.Binary;
using Lamina.Core;
using Lamina.L1.State;

namespace Lamina.L1.Rollups;

/// <summary>
/// Where the rollups module's records live: <see cref="StateKeys.Module"/>("rollups", tag ‖ fields), the tag byte
/// keeping each record type in its own key space.
/// </summary>
public static class RollupKeys
{
    private const byte IndexTag = 1, RollupTag = 2, DepositTag = 3, ForcedTag = 4, BatchTag = 5, OutputTag = 6, WithdrawalTag = 7, BlockBlobsTag = 8, BlobFeeTag = 9, BlobCommitmentsTag = 10, BatchCommitmentsTag = 11, L1TimeTag = 12, PaidWithdrawalTag = 13, PaidWithdrawalCountTag = 14;

    public static readonly Hash256 Index = StateKeys.Module(RollupsModule.ModuleName, [IndexTag]);

    public static Hash256 Rollup(ulong id) => Numbered(RollupTag, id, null);
    public static Hash256 Deposit(ulong id, ulong index) => Numbered(DepositTag, id, index);
    public static Hash256 Forced(ulong id, ulong index) => Numbered(ForcedTag, id, index);
    public static Hash256 Batch(ulong id, ulong number) => Numbered(BatchTag, id, number);
    public static Hash256 Output(ulong id, ulong index) => Numbered(OutputTag, id, index);
    public static Hash256 BlockBlobs(ulong height) => Numbered(BlockBlobsTag, height, null);
    public static Hash256 BlobFee(ulong height) => Numbered(BlobFeeTag, height, null);
    public static Hash256 BlobCommitments(ulong height) => Numbered(BlobCommitmentsTag, height, null);
    public static Hash256 BatchCommitments(ulong id, ulong number) => Numbered(BatchCommitmentsTag, id, number);
    public static Hash256 L1Time(ulong height) => Numbered(L1TimeTag, height, null);
    public static Hash256 PaidWithdrawal(ulong id, ulong number) => Numbered(PaidWithdrawalTag, id, number);
    public static Hash256 PaidWithdrawalCount(ulong id) => Numbered(PaidWithdrawalCountTag, id, null);

    public static Hash256 Withdrawal(ulong id, Hash256 withdrawalId)
    {
        Span<byte> key = stackalloc byte[1 + 8 + Hash256.Size];
        key[0] = WithdrawalTag;
        BinaryPrimitives.WriteUInt64BigEndian(key[1..], id);
        withdrawalId.CopyTo(key[9..]);
        return StateKeys.Module(RollupsModule.ModuleName, key);
    }

    private static Hash256 Numbered(byte tag, ulong first, ulong? second)
    {
        Span<byte> key = stackalloc byte[17];
        key[0] = tag;
        BinaryPrimitives.WriteUInt64BigEndian(key[1..], first);
        if (second is { } s) BinaryPrimitives.WriteUInt64BigEndian(key[9..], s);
        return StateKeys.Module(RollupsModule.ModuleName, second is null ? key[..9] : key);
    }
}
