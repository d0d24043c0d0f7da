using System.Net;
using System.Net.Sockets;

namespace Orchestrator.TestSupport;

/// <summary>
/// A loopback port nothing listens on: the kernel hands out a free one, the listener is closed at once. A test uses it
/// as a closed port (connection refused) or as a port to listen on itself.
/// </summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
