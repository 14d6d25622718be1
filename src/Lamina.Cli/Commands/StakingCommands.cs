using System.CommandLine;
using Lamina.L1.Transactions;

namespace Lamina.Cli.Commands;

/// <summary>stake, unstake, unjail and withdraw: the validator operator's transactions.</summary>
public static class StakingCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return WithAmount("stake", "Bond stake from the key's balance; the key becomes (or stays) a validator candidate", a => new StakePayload(a));
        yield return WithAmount("unstake", "Start unbonding stake; it is withdrawable after the unbonding period", a => new UnstakePayload(a));
        yield return Plain("unjail", "Return a jailed validator to candidacy once its jail term is over", () => new UnjailPayload());
        yield return Plain("withdraw", "Move matured unbonding entries back to the balance", () => new WithdrawUnbondedPayload());
    }

    private static Command WithAmount(string name, string description, Func<UInt128, TxPayload> payload)
    {
        var amount = new Option<string>("--amount") { Description = "Amount in base units (decimal integer)", Required = true };
        var common = new TxOptions();
        var command = new Command(name, description) { amount };
        common.AddTo(command);
        command.SetAction((parse, ct) => CliErrors.Run(() =>
        {
            var value = TxOptions.ParseAmount(parse.GetValue(amount), "--amount");
            if (value == UInt128.Zero) throw new FormatException($"--amount must be above 0: {name} of 0 changes nothing and would only pay the fee");
            return common.SendAsync(parse, payload(value), ct);
        }));
        return command;
    }

    private static Command Plain(string name, string description, Func<TxPayload> payload)
    {
        var common = new TxOptions();
        var command = new Command(name, description);
        common.AddTo(command);
        command.SetAction((parse, ct) => CliErrors.Run(() => common.SendAsync(parse, payload(), ct)));
        return command;
    }
}
