// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using Austin.Diagnostics;
using Austin.Input;
using Austin.Output;
using Austin.Platform;
using Austin.Samples;

namespace Austin.Sampling;

/// <summary>
/// --convert=FILE: samples recorded earlier (our collapsed formats, the C austin's) are read and written in the chosen
/// format, as if they had just been sampled; --summary works on them too. No process is sampled.
/// </summary>
internal sealed class ConvertSession(AustinOptions options, IPlatform platform, TextWriter diagnostics)
{
    private const int EPIPE = 32;

    public int Run()
    {
        string path = options.ConvertFile!;
        using Stream input = OpenInput(path);
        ISampleReader reader = SampleFiles.Open(input, options.Memory ? MetricMode.Memory : MetricMode.Time);
        try
        {
            reader.ReadHeader();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new AustinException(ExitCodes.DataError, $"{path} holds no samples austin can read: {e.Message}");
        }
        MetricMode mode = reader.Mode;

        OutputFormat format = options.ChosenFormat;
        if (options.OutputFile is null && SampleWriterFactory.IsBinary(format) && platform.StandardOutputIsTerminal())
            throw new AustinException(ExitCodes.Usage, $"the {OutputFormats.NameOf(format)} format is binary and standard output is a terminal: give an output file with -o, or redirect standard output");
        using Stream output = platform.OpenOutput(options.OutputFile);
        StackTree? summary = null;
        ISampleWriter writer = SampleWriterFactory.Create(format, mode, output);
        if (options.SummaryTop is not null) writer = TreeTap.WithTree(writer, out summary);
        using ISampleWriter disposeWriter = writer;
        Log.Info($"Converting {path} ({MetricModes.Identifier(mode)} metrics) to {OutputFormats.Identifier(format)}");
        try
        {
            writer.Begin(MetadataOf(reader, mode, path));
            var counter = new CountingSink(writer);
            try
            {
                reader.Read(counter);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
            {
                // What was read is kept: the pictures of a file cut short (a run killed) still show its samples.
                Log.Error($"{path}: {e.Message}; the samples before it are converted");
                diagnostics.WriteLine($"austin: {path}: {e.Message}; the samples before it are converted");
            }
            if (counter.ThreadSamples == 0)
                throw new AustinException(ExitCodes.DataError, $"{path} holds no samples austin can read");
            ProfileStatistics statistics = counter.Statistics(reader.Metadata);
            writer.End(statistics);
            writer.Flush();
            if (reader.SkippedLines > 0) Log.Info($"{reader.SkippedLines} lines of {path} were not samples");
            if (summary is not null) SummaryReport.Write(diagnostics, summary, mode, statistics, options.SummaryTop!.Value, path);
        }
        catch (IOException e) when (e.HResult == EPIPE)
        {
            return ExitCodes.Ok;
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            string reason = e.HResult is > 0 and < 4096 ? Marshal.GetPInvokeErrorMessage(e.HResult) : ExceptionName.Of(e);
            throw new AustinException(ExitCodes.IoError, $"cannot write samples to {options.OutputFile ?? "standard output"}: {reason}");
        }
        return ExitCodes.Ok;
    }

    /// <summary>
    /// What the recording said about itself: the 3.x formats' header gives the interval, the cpu mode (-s), -C and the
    /// Python version; a collapsed file only whether it was recorded with -C (its lines' <c>Process pid;</c>).
    /// </summary>
    private static ProfileMetadata MetadataOf(ISampleReader reader, MetricMode mode, string path)
    {
        Dictionary<string, string> header = reader.Metadata;
        return new ProfileMetadata
        {
            AustinVersion = AustinVersion.Number,
            Mode = mode,
            IntervalUs = header.TryGetValue("interval", out string? interval) && long.TryParse(interval, out long us) && us > 0 ? us : 0,
            Sleepless = header.GetValueOrDefault("mode") == "cpu",
            Children = reader.MultiProcess,
            PythonVersion = header.GetValueOrDefault("python"),
            Source = path,
        };
    }

    private static Stream OpenInput(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file"
                : e is UnauthorizedAccessException ? "permission denied" : "cannot read it";
            throw new AustinException(ExitCodes.NoInput, $"cannot open {path}: {reason}");
        }
    }

    /// <summary>Passes samples on and counts what the statistics of a sampled run would say.</summary>
    private sealed class CountingSink(ISampleWriter writer) : ISampleSink
    {
        private readonly Dictionary<(int, ulong), (long Count, long Time)> _threads = new();
        private long _samples, _bad;

        public long ThreadSamples => _samples;

        public void Add(in ThreadSample sample)
        {
            writer.Write(sample);
            _samples++;
            if (sample.IsBad) _bad++;
            (long count, long time) = _threads.GetValueOrDefault((sample.Pid, sample.ThreadId));
            _threads[(sample.Pid, sample.ThreadId)] = (count + 1, time + sample.Metrics.Time);
        }

        /// <summary>
        /// A file has no ticks: the busiest thread's stacks stand for the samples, its time for the duration, unless
        /// the file's metadata says (the 3.x formats' duration and saturation).
        /// </summary>
        public ProfileStatistics Statistics(Dictionary<string, string> metadata)
        {
            long ticks = 0, duration = 0;
            foreach ((long count, long time) in _threads.Values)
            {
                ticks = Math.Max(ticks, count);
                duration = Math.Max(duration, time);
            }
            if (metadata.TryGetValue("duration", out string? text) && long.TryParse(text, out long us)) duration = us;
            long overruns = 0;
            if (metadata.TryGetValue("saturation", out string? saturation) && saturation.Split('/') is [string over, string of]
                && long.TryParse(over, out long o) && long.TryParse(of, out long n))
                (overruns, ticks) = (o, n);
            return new ProfileStatistics { Samples = ticks, ThreadSamples = _samples, BadSamples = _bad, DurationUs = duration, Overruns = overruns };
        }
    }
}
