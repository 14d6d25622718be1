using Lamina.Stark.Field;

namespace Lamina.Stark.Air;

/// <summary>A boundary assertion: trace[Column][Row] == Value.</summary>
public readonly record struct Assertion(int Column, int Row, Felt Value);
