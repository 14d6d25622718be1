using Lamina.Client.Keys;
using Lamina.Core.Crypto;

namespace Lamina.Node.Keys;

/// <summary>
/// The node's key files, in Lamina.Client's format; a missing or damaged file is a <see cref="ConfigException"/>, as
/// every other start-up problem of a node is.
/// </summary>
public static class KeyFile
{
    public static void Write(string path, SigningKey key) => Client.Keys.KeyFile.Write(path, key);

    public static SigningKey Read(string path)
    {
        try
        {
            return Client.Keys.KeyFile.Read(path);
        }
        catch (KeyFileException e)
        {
            throw new ConfigException(e.Message);
        }
    }

    public static SigningKey DevKey(int index) => Client.Keys.KeyFile.DevKey(index);
}
