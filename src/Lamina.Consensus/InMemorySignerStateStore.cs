namespace Lamina.Consensus;

/// <summary>Signer state kept in memory: for tests and simulation, where the object itself outlives a simulated crash.</summary>
public sealed class InMemorySignerStateStore : ISignerStateStore
{
    private SignerState? _state;
    public SignerState? Load() => _state;
    public void Save(SignerState state) => _state = state;
}
