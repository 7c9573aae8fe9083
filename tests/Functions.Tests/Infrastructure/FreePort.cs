using System.Net;
using System.Net.Sockets;

namespace ClustersCord.Functions.Tests.Infrastructure;

public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static Task WaitUntilListeningAsync(int port, TimeSpan timeout)
        => Eventually.TrueAsync(() => ListeningAsync(port), $"nothing listens on port {port}", timeout);

    private static async Task<bool> ListeningAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
