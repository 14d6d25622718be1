namespace Lamina.Node;

/// <summary>A configuration or key file is missing or wrong; the message says which field and what to do.</summary>
public sealed class ConfigException(string message) : Exception(message);
