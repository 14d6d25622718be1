namespace Lamina.Consensus;

/// <summary>Durable home of the <see cref="SignerState"/>. <see cref="Save"/> returns only once the state is durable.</summary>
public interface ISignerStateStore
{
    /// <summary>The last saved state, or null if this validator never signed.</summary>
    SignerState? Load();

    void Save(SignerState state);
}
