// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Austin.Sampling;

namespace Austin.Cli;

/// <summary>
/// The System.CommandLine half of the parse: turns the pre-pass's normalized tokens into typed values and
/// finds bad ones. It only ever sees long names with attached values and never the command, so none of its
/// own conventions (options anywhere, response files, directives, bundling, help) come into play; they are
/// switched off all the same. One instance per parse, because it records which value was bad.
/// </summary>
internal sealed class AustinSymbols
{
    private static readonly ParserConfiguration Configuration = new()
    {
        EnablePosixBundling = false,
        ResponseFileTokenReplacer = null,
    };

    private readonly RootCommand _root = new();
    private readonly List<BadValue> _badValues = [];

    private readonly Option<bool> _altFormat = Switch(AustinOptionTable.AltFormat);
    private readonly Option<bool> _excludeEmpty = Switch(AustinOptionTable.ExcludeEmpty);
    private readonly Option<bool> _full = Switch(AustinOptionTable.Full);
    private readonly Option<bool> _memory = Switch(AustinOptionTable.Memory);
    private readonly Option<bool> _sleepless = Switch(AustinOptionTable.Sleepless);
    private readonly Option<long> _interval;
    private readonly Option<long> _timeout;
    private readonly Option<int?> _pid;
    private readonly Option<string?> _output;

    public AustinSymbols()
    {
        // The C austin's messages, word for word: scripts and people compare them.
        _interval = Valued<long>(AustinOptionTable.Interval, AustinOptions.DefaultIntervalUs, TryParseNonNegative,
            "the sampling interval must be a positive integer");
        _timeout = Valued<long>(AustinOptionTable.Timeout, AustinOptions.DefaultTimeoutMs, TryParseNonNegative,
            "timeout must be a positive integer");
        _pid = Valued<int?>(AustinOptionTable.Pid, null, TryParsePid, "invalid PID.");
        _output = Valued<string?>(AustinOptionTable.Output, null, TryParseFileName,
            "the output file name must not be empty");

        // RootCommand brings --help, --version and the [suggest] directive; austin's are argp's, handled before.
        _root.Options.Clear();
        _root.Directives.Clear();
        Option[] options = [_altFormat, _excludeEmpty, _full, _interval, _memory, _output, _pid, _sleepless, _timeout];
        foreach (Option option in options)
            _root.Options.Add(option);
    }

    /// <summary>
    /// The options of <paramref name="scan"/> as <see cref="AustinOptions"/>, or the first bad value in
    /// command-line order: argp checks each value as it meets it, so "-i 0 -t 0" complains about -i.
    /// </summary>
    public (AustinOptions? Options, string? Error) Convert(ArgpScan scan)
    {
        ParseResult result = _root.Parse(scan.ToTokens(), Configuration);
        if (result.Errors.Count > 0)
            return (null, FirstBadValue(scan) ?? result.Errors[0].Message);

        var options = new AustinOptions
        {
            AltFormat = result.GetValue(_altFormat),
            ExcludeEmpty = result.GetValue(_excludeEmpty),
            Full = result.GetValue(_full),
            IntervalUs = result.GetValue(_interval),
            Memory = result.GetValue(_memory),
            OutputFile = result.GetValue(_output),
            Pid = result.GetValue(_pid),
            Sleepless = result.GetValue(_sleepless),
            TimeoutMs = result.GetValue(_timeout),
            Command = [.. scan.Command],
        };
        return (options, null);
    }

    private string? FirstBadValue(ArgpScan scan)
    {
        string? message = null;
        int first = int.MaxValue;
        foreach (BadValue bad in _badValues)
        {
            int index = scan.IndexOf(bad.Option, bad.Occurrence);
            if (index >= 0 && index < first)
                (first, message) = (index, bad.Message);
        }
        return message;
    }

    private static Option<bool> Switch(ArgpOption option) => new("--" + option.LongName) { Arity = ArgumentArity.Zero };

    /// <summary>
    /// An option with a value. It may be given many times: each value must be good, the last one counts
    /// (argp calls the parser for each and the last assignment stays).
    /// </summary>
    private Option<T> Valued<T>(ArgpOption option, T absent, TryConvert<T> convert, string error)
    {
        return new Option<T>("--" + option.LongName)
        {
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => absent,
            CustomParser = result =>
            {
                T value = absent;
                for (int nth = 0; nth < result.Tokens.Count; nth++)
                {
                    if (!convert(result.Tokens[nth].Value, out value))
                    {
                        _badValues.Add(new BadValue(option, nth, error));
                        result.AddError(error);
                        return absent;
                    }
                }
                return value;
            },
        };
    }

    /// <summary>
    /// What the C austin's strtol check accepts, short of zero, negatives and int overflow: optional leading
    /// white space, an optional sign, decimal digits and nothing after.
    /// </summary>
    private static bool TryParsePositive(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingWhite | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
        && value > 0;

    /// <summary>
    /// The C austin's check of -i and -t, exactly: strtol over the whole word (leading white space and a sign
    /// allowed), then a value that is not negative. Zero is accepted (-i 0: as fast as possible), and a number
    /// too large for a long saturates to long.MaxValue as strtol does, and is accepted too.
    /// </summary>
    private static bool TryParseNonNegative(string text, out long value)
    {
        value = 0;
        ReadOnlySpan<char> s = text.AsSpan().TrimStart(" \t\n\v\f\r");
        bool negative = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s.IsEmpty) return false;
        foreach (char c in s)
        {
            if (c is < '0' or > '9') return false;
            if (value != long.MaxValue)
                value = value > (long.MaxValue - (c - '0')) / 10 ? long.MaxValue : value * 10 + (c - '0');
        }
        // "-0" is 0; any other negative number is refused.
        return !negative || value == 0;
    }

    private static bool TryParsePid(string text, out int? value)
    {
        bool ok = TryParsePositive(text, out int pid);
        value = ok ? pid : null;
        return ok;
    }

    // Whether the file can be written is the sampler's business; an empty name is a typing error.
    private static bool TryParseFileName(string text, out string? value)
    {
        value = text;
        return text.Length > 0;
    }

    private delegate bool TryConvert<T>(string text, out T value);

    private readonly record struct BadValue(ArgpOption Option, int Occurrence, string Message);
}
