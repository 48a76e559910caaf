using System.Net;
using System.Net.Sockets;

namespace Fluents.Settings.IntegrationTests.Servers;

/// <summary>
/// A TCP forwarder on a loopback port in front of the test Redis server, that a test can take down (every connection
/// reset, the port closed) and bring back on the same port: to a client, exactly what a Redis server that stops and
/// starts again looks like. It starts no server and touches nothing beyond 127.0.0.1; it lets a test stop "Redis" without
/// stopping the server other tests (and other test runs on this machine) share.
/// </summary>
public sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _connections = [];
    private readonly Lock _lock = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;

    /// <summary>Forwards a new loopback port to <paramref name="targetHost"/>:<paramref name="targetPort"/>, and starts.</summary>
    public LoopbackProxy(string targetHost, int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Parse(targetHost == "localhost" ? "127.0.0.1" : targetHost), targetPort);
        Start(port: 0);
    }

    /// <summary>The port clients connect to.</summary>
    public int Port { get; private set; }

    /// <summary>"Redis stopped": resets every connection and closes the port.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stop?.Cancel();
            _listener?.Stop();
            _listener = null;
            foreach (var connection in _connections)
            {
                try
                {
                    if (connection.Client is { } socket) socket.LingerState = new LingerOption(true, 0); // RST, as a dead server's kernel would answer
                    connection.Close();
                }
                catch (Exception exception) when (exception is ObjectDisposedException or SocketException)
                {
                }
            }

            _connections.Clear();
        }
    }

    /// <summary>"Redis is back": listens again on the same port.</summary>
    public void Start() => Start(Port);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private void Start(int port)
    {
        lock (_lock)
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _listener = listener;
            _stop = new CancellationTokenSource();
            _ = AcceptAsync(listener, _stop.Token);
        }
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(_target, stop);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException)
            {
                client.Close();
                server.Dispose();
                continue;
            }

            lock (_lock)
            {
                if (stop.IsCancellationRequested)
                {
                    client.Close();
                    server.Close();
                    return;
                }

                _connections.Add(client);
                _connections.Add(server);
            }

            _ = PumpAsync(client, server, stop);
            _ = PumpAsync(server, client, stop);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken stop)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            var source = from.GetStream();
            var target = to.GetStream();
            while (true)
            {
                var read = await source.ReadAsync(buffer, stop);
                if (read == 0) break;
                await target.WriteAsync(buffer.AsMemory(0, read), stop);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
        }
        finally
        {
            from.Close();
            to.Close();
        }
    }
}
