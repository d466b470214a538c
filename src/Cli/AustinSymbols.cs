// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using Austin.Sampling;

namespace Austin.Cli;

/// <summary>
/// The System.CommandLine half of the parse: turns the pre-pass's normalized tokens into typed values with the
/// symbols of the option declarations, and finds bad ones. It only ever sees long names with attached values
/// and never the command, so none of its own conventions (options anywhere, response files, directives,
/// bundling, help) come into play; they are switched off all the same. One instance per parse, because it
/// records which value was bad.
/// </summary>
internal sealed class AustinSymbols
{
    private static readonly ParserConfiguration Configuration = new()
    {
        EnablePosixBundling = false,
        ResponseFileTokenReplacer = null,
    };

    /// <summary>
    /// A plain Command, not a RootCommand: that brings --help, --version and the [suggest] directive (austin's are
    /// argp's, handled before), whose descriptions are System.CommandLine's localized resources.
    /// </summary>
    private readonly Command _root = new("austin");
    private readonly List<BadValue> _badValues = [];
    private readonly Dictionary<string, OptionBinding> _bindings = [];

    public AustinSymbols(AustinOptionTable table)
    {
        foreach (OptionDeclaration declaration in table.Declarations)
        {
            OptionBinding binding = declaration.Bind(_badValues);
            _bindings.Add(declaration.LongName, binding);
            _root.Options.Add(binding.Symbol);
        }
    }

    /// <summary>
    /// The options of <paramref name="scan"/> as <see cref="AustinOptions"/>, or the first bad value in
    /// command-line order: argp checks each value as it meets it, so "-i -1 -t -1" complains about -i.
    /// </summary>
    public (AustinOptions? Options, string? Error) Convert(ArgpScan scan)
    {
        ParseResult result;
        string? error;
        try
        {
            result = _root.Parse(scan.ToTokens(), Configuration);
            error = result.Errors.Count > 0 ? FirstBadValue(scan) ?? result.Errors[0].Message : null;
        }
        catch (NotSupportedException)
        {
            // System.CommandLine's own messages are left out of the binary (src/Cli/Trimming): the argp pre-pass
            // leaves it nothing to complain of but bad values, which the options' parsers describe themselves.
            return (null, FirstBadValue(scan) ?? "invalid arguments");
        }
        if (error is not null)
            return (null, error);

        // Each value where it was given, as argp calls the program's parser for each option in turn.
        var options = new AustinOptions();
        var occurrences = new Dictionary<string, int>();
        foreach (ArgpOccurrence occurrence in scan.Options)
        {
            string name = occurrence.Option.LongName;
            if (!_bindings.TryGetValue(name, out OptionBinding binding))
                continue; // argp's own options act; they have no value.
            int nth = occurrences.GetValueOrDefault(name);
            occurrences[name] = nth + 1;
            options = binding.Apply(options, result, nth);
        }
        return (options with { Command = [.. scan.Command] }, null);
    }

    private string? FirstBadValue(ArgpScan scan)
    {
        string? message = null;
        int first = int.MaxValue;
        foreach (BadValue bad in _badValues)
        {
            int index = scan.IndexOf(bad.LongName, bad.Occurrence);
            if (index >= 0 && index < first)
                (first, message) = (index, bad.Message);
        }
        return message;
    }
}
