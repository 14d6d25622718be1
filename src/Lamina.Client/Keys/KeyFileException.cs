namespace Lamina.Client.Keys;

/// <summary>A key file is missing, unreadable or damaged; the message names the file and what to do.</summary>
public sealed class KeyFileException(string message, Exception? inner = null) : Exception(message, inner);
