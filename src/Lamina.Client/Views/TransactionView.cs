using System.Text.Json.Nodes;
using Lamina.Core;

namespace Lamina.Client.Views;

/// <summary>
/// l1_getTransaction, or one transaction of a full block. A pending transaction has only its hash and status; an
/// included one has its fields, its block and its receipt. Kind-specific fields beyond a transfer's stay in <see cref="Json"/>.
/// </summary>
public sealed record TransactionView(Hash256 Hash, string Status)
{
    public const string Pending = "pending";
    public const string Included = "included";

    public string? Kind { get; init; }
    public Address? From { get; init; }
    public ulong? Nonce { get; init; }
    public Address? To { get; init; }
    public UInt128? Amount { get; init; }
    public ulong? BlockHeight { get; init; }
    public Hash256? BlockHash { get; init; }
    public ulong? Index { get; init; }
    public bool Finalized { get; init; }
    public ReceiptView? Receipt { get; init; }
    public JsonObject Json { get; init; } = [];

    public bool IsIncluded => Status == Included;

    /// <summary>Reads one transaction; a block's transactions carry no status, so <paramref name="impliedStatus"/> gives it.</summary>
    public static TransactionView Read(ViewReader r, string? impliedStatus = null)
    {
        var status = impliedStatus ?? r.String("status");
        return new TransactionView(r.Hash("hash"), status)
        {
            Kind = r.OptionalString("kind"),
            From = r.OptionalAddress("from"),
            Nonce = r.OptionalULong("nonce"),
            To = r.OptionalAddress("to"),
            Amount = r.OptionalAmount("amount"),
            BlockHeight = r.OptionalULong("blockHeight"),
            BlockHash = r.OptionalHash("blockHash"),
            Index = r.OptionalULong("index"),
            Finalized = status == Included && impliedStatus is null ? r.Bool("finalized") : impliedStatus == Included,
            Receipt = r.OptionalObject("receipt") is { } receipt ? ReceiptView.Read(receipt) : null,
            Json = r.Json,
        };
    }
}
