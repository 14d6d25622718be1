namespace Lamina.L1.LightClient;

/// <summary>Why a light client refused a header.</summary>
public enum LightClientError
{
    WrongChain,
    NotNewer,
    TimeNotIncreasing,
    FromTheFuture,
    TrustExpired,
    ValidatorSetMismatch,
    NextValidatorSetMismatch,
    BrokenLink,
    InvalidCommit,
    NotEnoughTrust,
    ProviderFailed,
}
