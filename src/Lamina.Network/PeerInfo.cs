using System.Net;
using Lamina.Core.Crypto;

namespace Lamina.Network;

/// <summary>An authenticated peer. <see cref="ListenPort"/> is what it announced, for dialling it back.</summary>
public sealed record PeerInfo(PeerId Id, PublicKey PublicKey, IPEndPoint RemoteEndPoint, ushort ListenPort, bool Outbound);
