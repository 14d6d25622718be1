using Lamina.Core;
using Lamina.Core.Crypto;

namespace Lamina.L1.Blocks;

/// <summary>One validator's precommit signature inside a <see cref="Commit"/>.</summary>
public readonly record struct CommitSignature(Address Validator, Signature Signature);
