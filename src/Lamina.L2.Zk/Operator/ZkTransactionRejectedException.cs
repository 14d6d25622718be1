using Lamina.L2.Zk.Batch;

namespace Lamina.L2.Zk.Operator;

/// <summary>The operator refused a transaction; <see cref="Reason"/> says why, <see cref="Rule"/> which rule when the executor refused it.</summary>
public sealed class ZkTransactionRejectedException(ZkRejection reason, ZkTxError? rule, string message, Exception? inner = null) : Exception(message, inner)
{
    public ZkRejection Reason { get; } = reason;
    public ZkTxError? Rule { get; } = rule;

    /// <summary>The reason as RPC clients see it: the rule's name when a rule refused, else the reason's, in camel case.</summary>
    public string Code
    {
        get
        {
            string name = Rule?.ToString() ?? Reason.ToString();
            return char.ToLowerInvariant(name[0]) + name[1..];
        }
    }
}
