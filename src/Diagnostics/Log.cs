// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using Austin.Platform;

namespace Austin.Diagnostics;

/// <summary>
/// Diagnostics, never mixed with samples (spec §4): the OS's log (syslog) with ident "austin" by default;
/// AUSTIN_LOG_FILE=path appends to a file instead (containers without syslog, tests);
/// AUSTIN_LOG=off silences it.
/// </summary>
internal static class Log
{
    public const string FileVariable = "AUSTIN_LOG_FILE";
    public const string SwitchVariable = "AUSTIN_LOG";

    private static ILogSink s_sink = NullSink.Instance;

    public static void Open(IPlatform platform)
    {
        string? mode = Environment.GetEnvironmentVariable(SwitchVariable);
        string? file = Environment.GetEnvironmentVariable(FileVariable);
        if (string.Equals(mode, "off", StringComparison.OrdinalIgnoreCase) || mode == "0")
            s_sink = NullSink.Instance;
        else if (!string.IsNullOrEmpty(file))
            s_sink = FileSink.TryOpen(file, platform) ?? (ILogSink)NullSink.Instance;
        else
            s_sink = new SystemSink(platform.OpenSystemLog("austin"));
    }

    public static void Info(string message) => s_sink.Write(false, message);

    public static void Error(string message) => s_sink.Write(true, message);

    public static void Close()
    {
        s_sink.Dispose();
        s_sink = NullSink.Instance;
    }

    private interface ILogSink : IDisposable
    {
        void Write(bool error, string message);
    }

    private sealed class NullSink : ILogSink
    {
        public static readonly NullSink Instance = new();
        public void Write(bool error, string message) { }
        public void Dispose() { }
    }

    private sealed class SystemSink(ISystemLog log) : ILogSink
    {
        public void Write(bool error, string message) => log.Write(error, message);
        public void Dispose() => log.Dispose();
    }

    private sealed class FileSink(StreamWriter writer, IPlatform platform) : ILogSink
    {
        public static FileSink? TryOpen(string path, IPlatform platform)
        {
            try { return new FileSink(new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true }, platform); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        }

        public void Write(bool error, string message) =>
            writer.WriteLine($"{platform.LocalNow().Format("yyyy-MM-dd HH:mm:ss.fff")} austin[{Environment.ProcessId}] {(error ? "ERROR" : "INFO")}: {message}");

        public void Dispose() => writer.Dispose();
    }
}
