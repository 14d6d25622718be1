using Lamina.L1.Bank;
using Lamina.L1.Blobs;
using Lamina.L1.Rollups;
using Lamina.L1.Staking;
using Lamina.L1.Transactions;
using Lamina.L1.ZkRollups;

namespace Lamina.L1.Modules;

/// <summary>
/// The process-wide table from kind byte to <see cref="TxKindFormat"/>, which <see cref="Transaction"/> decoding
/// consults (decoding happens in the network and storage layers, before any chain is in sight; Nethermind's
/// transaction decoder registry works the same way). L1's own modules are present from the start; a module from
/// another layer is added when an <see cref="L1ModuleRegistry"/> holding it is built. Which kinds a chain
/// *executes* is the registry's business, not this table's.
/// </summary>
public static class TxFormats
{
    private static readonly Lock Gate = new();
    // Copy-on-write: decoding reads without a lock; registration is rare.
    private static TxKindFormat?[] _formats = Initial();

    private static TxKindFormat?[] Initial()
    {
        var table = new TxKindFormat?[256];
        foreach (var format in (IEnumerable<TxKindFormat>)[.. BankModule.Formats, .. StakingModule.Formats, .. BlobModule.Formats, .. RollupsModule.Formats, .. ZkRollupsModule.Formats]) table[(byte)format.Kind] = format;
        return table;
    }

    /// <summary>The format of <paramref name="kind"/>, or null when no module declares it.</summary>
    public static TxKindFormat? Find(byte kind) => Volatile.Read(ref _formats)[kind];

    /// <summary>The format of a payload that exists, hence whose kind is registered.</summary>
    public static TxKindFormat Of(TxPayload payload)
        => Find((byte)payload.Kind) ?? throw new InvalidOperationException($"transaction kind {(byte)payload.Kind} has no registered format; build an L1ModuleRegistry holding its module first");

    /// <summary>
    /// Adds a module's format. Registering the same format type again is a no-op; a different format for a kind
    /// already taken throws, because one byte can mean only one thing.
    /// </summary>
    public static void Register(TxKindFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        lock (Gate)
        {
            var current = _formats[(byte)format.Kind];
            if (current is not null)
            {
                if (current.GetType() == format.GetType()) return;
                throw new InvalidOperationException($"transaction kind {(byte)format.Kind} is already '{current.Name}' ({current.GetType().Name}); '{format.Name}' needs another number");
            }
            var next = (TxKindFormat?[])_formats.Clone();
            next[(byte)format.Kind] = format;
            Volatile.Write(ref _formats, next);
        }
    }
}
