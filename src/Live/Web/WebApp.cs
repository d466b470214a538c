// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using Austin.Output;
using Austin.Platform;
using Austin.Sampling;

namespace Austin.Live.Web;

/// <summary>
/// austin-web: samples as austin does and serves a live flame graph of the samples so far on
/// WEBAUSTIN_HOST:WEBAUSTIN_PORT (default: the loopback address and a port the OS picks), until SIGINT or SIGTERM,
/// also after the process has ended. The page and its script come from the binary; nothing is loaded from elsewhere.
/// </summary>
internal sealed class WebApp
{
    public const string HostVariable = "WEBAUSTIN_HOST", PortVariable = "WEBAUSTIN_PORT";

    private readonly AustinOptions _options;
    private readonly LiveRun _run;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _loopback;
    private readonly byte[] _page = Resources.WebPage.ToArray();
    private readonly byte[] _script = Resources.WebScript.ToArray();

    private WebApp(AustinOptions options, LiveRun run, bool loopback)
    {
        _options = options;
        _run = run;
        _loopback = loopback;
    }

    public static int Run(AustinOptions options, IPlatform platform, TextWriter stderr)
    {
        (string host, int port) = Endpoint();
        ITcpListener listener;
        try
        {
            listener = platform.Listen(host, port);
        }
        catch (AustinException e) when (e.ExitCode == ExitCodes.Usage)
        {
            throw new AustinException(ExitCodes.Usage, $"{HostVariable}: {e.Message}");
        }
        var run = new LiveRun(options, platform, stderr);
        var app = new WebApp(options, run, listener.IsLoopback);
        using (WebServer server = WebServer.Start(listener, app.Handle))
        {
            string address = listener.IsIPv6 ? $"[{listener.Address}]" : listener.Address;
            string url = $"http://{address}:{listener.Port}/";
            if (!app._loopback)
                stderr.WriteLine($"austin: warning: {HostVariable}={listener.Address} is not a loopback address: whoever reaches port {listener.Port} sees the profile of the process (its functions, files and threads)");
            stderr.WriteLine($"austin: the live flame graph is at {url}");
            stderr.Flush();
            var stopped = new ManualResetEventSlim();
            using IDisposable signals = platform.HandleStopSignals(_ => stopped.Set());
            run.Start();
            bool told = false;
            while (!stopped.Wait(200))
            {
                if (run.Failed) break;
                if (run.Finished && !told)
                {
                    stderr.WriteLine($"austin: sampling has ended; the flame graph stays at {url} until Ctrl+C");
                    stderr.Flush();
                    told = true;
                }
            }
            if (!run.Finished) run.Stop();
            return run.Join();
        }
    }

    /// <summary>WEBAUSTIN_HOST (a name or an address; default: localhost) and WEBAUSTIN_PORT (default 0: any free port).</summary>
    private static (string, int) Endpoint()
    {
        string host = Environment.GetEnvironmentVariable(HostVariable) is { Length: > 0 } h ? h : "localhost";
        string portText = Environment.GetEnvironmentVariable(PortVariable) is { Length: > 0 } p ? p : "0";
        if (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) || port > 65535)
            throw new AustinException(ExitCodes.Usage, $"{PortVariable} must be a port number (0-65535), not '{portText}'");
        return (host, port);
    }

    private HttpResponse Handle(HttpRequestHead request)
    {
        // Bound to loopback, only names of this machine: a page elsewhere cannot reach it by a name it resolves here (DNS rebinding).
        if (_loopback && !LocalHost(request.Host))
            return HttpResponse.Text(421, "this server answers to localhost only");
        switch (request.Path)
        {
            case "/":
            case "/index.html":
                return new HttpResponse(200, "text/html; charset=utf-8", _page);
            case "/app.js":
                return new HttpResponse(200, "text/javascript; charset=utf-8", _script);
            case "/flame.json":
                return new HttpResponse(200, "application/json", FlameJson.Write(_run.Tap?.Refresh(300), Title(), _clock.Elapsed.TotalSeconds));
            case "/profile.speedscope.json":
                return Export(OutputFormat.Speedscope, "application/json");
            case "/profile.collapsed":
                return Export(OutputFormat.Collapsed, "text/plain; charset=utf-8");
            default:
                return HttpResponse.Text(404, "not found");
        }
    }

    private HttpResponse Export(OutputFormat format, string type)
    {
        LiveSnapshot? snapshot = _run.Tap?.Refresh(300);
        if (snapshot is null) return HttpResponse.Text(503, "no samples yet");
        var body = new MemoryStream();
        ProfileView.Export(snapshot, format, body);
        string pid = _options.Pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "austin";
        return new HttpResponse(200, type, body.ToArray(), $"austin-{pid}{ProfileView.FileEnding(format)}");
    }

    private static bool LocalHost(string? host)
    {
        if (host is null) return true;   // HTTP/1.0 has none
        string name = host.StartsWith('[') ? host[..(host.IndexOf(']') + 1)] : host.Split(':')[0];
        return name is "localhost" or "127.0.0.1" or "[::1]" || name.StartsWith("127.", StringComparison.Ordinal);
    }

    private string Title() => _options.Pid is int pid ? $"process {pid}" : string.Join(' ', _options.Command);
}
