using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.Consensus;

/// <summary>One validator's precommit signature inside a <see cref="Commit"/>.</summary>
public readonly record struct CommitSignature(Address Validator, Signature Signature);
