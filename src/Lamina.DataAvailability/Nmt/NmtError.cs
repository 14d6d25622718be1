namespace Lamina.DataAvailability.Nmt;

/// <summary>Why a namespaced Merkle proof (or tree input) was refused.</summary>
public enum NmtError
{
    UnorderedNamespaces,
    MalformedProof,
    RootMismatch,
    WrongNamespace,
    IncompleteNamespace,
    NamespacePresent,
}
