// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using Austin.Sampling;

namespace Austin.Cli;

/// <summary>Reads one option value; false when <paramref name="text"/> is not a valid value.</summary>
internal delegate bool ValueParser<T>(string text, out T value);

/// <summary>A value refused on the command line: the <paramref name="Occurrence"/>th (0-based) use of the option.</summary>
internal readonly record struct BadValue(string LongName, int Occurrence, string Message)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(BadValue);
}

/// <summary>
/// One option of austin, declared once: its names, argument name and doc (its row of the argp table), how its
/// value is read and what is said when it cannot be, and where the value goes in <see cref="AustinOptions"/>.
/// The argp table (<see cref="ToArgp"/>) and the System.CommandLine symbol (<see cref="Bind"/>) are both
/// derived from it. Declarations live in <see cref="AustinOptionTable"/>.
/// </summary>
internal abstract class OptionDeclaration
{
    private protected OptionDeclaration(char? shortName, string longName, string? argName, string doc, string? optionalDefault = null)
    {
        OptionalDefault = optionalDefault;
        ShortName = shortName;
        LongName = longName;
        ArgName = argName;
        Doc = doc;
    }

    public char? ShortName { get; }

    public string LongName { get; }

    /// <summary>What --help calls the value ("n_us", "FILE"); null for a switch.</summary>
    public string? ArgName { get; }

    /// <summary>The text --help shows for the option, word for word.</summary>
    public string Doc { get; }

    /// <summary>For an option whose value is optional, the value it has when given without one (see <see cref="ArgpOption.OptionalDefault"/>).</summary>
    public string? OptionalDefault { get; }

    /// <summary>
    /// A switch: <paramref name="apply"/> runs each time it is given, e.g. <c>options => options with { Memory = true }</c>.
    /// A switch that implies other options sets their values too.
    /// </summary>
    public static OptionDeclaration Switch(char? shortName, string longName, string doc, Func<AustinOptions, AustinOptions> apply) =>
        new SwitchDeclaration(shortName, longName, doc, apply);

    /// <summary>
    /// An option with a value: System.CommandLine reads each value with <paramref name="parse"/>, and a value it
    /// refuses is a usage error that says <paramref name="error"/>; <paramref name="apply"/> puts each good value
    /// in the options, e.g. <c>(options, us) => options with { IntervalUs = us }</c>.
    /// </summary>
    public static OptionDeclaration Valued<T>(char? shortName, string longName, string argName, string doc,
        ValueParser<T> parse, string error, Func<AustinOptions, T, AustinOptions> apply) =>
        new ValuedDeclaration<T>(shortName, longName, argName, doc, parse, error, apply);

    /// <summary>
    /// An option whose value is optional (<c>--summary</c> or <c>--summary=5</c>): without one, it is read from
    /// <paramref name="defaultText"/>. Otherwise as <see cref="Valued{T}"/>.
    /// </summary>
    public static OptionDeclaration Optional<T>(char? shortName, string longName, string argName, string doc, string defaultText,
        ValueParser<T> parse, string error, Func<AustinOptions, T, AustinOptions> apply) =>
        new ValuedDeclaration<T>(shortName, longName, argName, doc, parse, error, apply, defaultText);

    /// <summary>The option's row of the argp table, listed in --help with argp group <paramref name="group"/>.</summary>
    public ArgpOption ToArgp(int group) => new(ShortName, LongName, ArgName, Doc, group) { OptionalDefault = OptionalDefault };

    /// <summary>
    /// The option's System.CommandLine symbol for one parse, which records the values it refuses in
    /// <paramref name="badValues"/>, and how to apply its value to the options.
    /// </summary>
    public abstract OptionBinding Bind(List<BadValue> badValues);

    private sealed class SwitchDeclaration(char? shortName, string longName, string doc, Func<AustinOptions, AustinOptions> apply)
        : OptionDeclaration(shortName, longName, null, doc)
    {
        public override OptionBinding Bind(List<BadValue> badValues) =>
            // A parser of its own, as every option has: System.CommandLine's default converters are left out of the binary.
            new(new Option<bool>("--" + LongName) { Arity = ArgumentArity.Zero, CustomParser = _ => true }, (options, _, _) => apply(options));
    }

    private sealed class ValuedDeclaration<T>(char? shortName, string longName, string argName, string doc,
        ValueParser<T> parse, string error, Func<AustinOptions, T, AustinOptions> apply, string? optionalDefault = null)
        : OptionDeclaration(shortName, longName, argName, doc, optionalDefault)
    {
        /// <summary>
        /// The option may be given many times: System.CommandLine reads every value, in order, so that each is
        /// applied where it was given (argp calls the parser for each, and the last assignment stays).
        /// </summary>
        public override OptionBinding Bind(List<BadValue> badValues)
        {
            // The values are kept as the parser reads them, not asked of the ParseResult afterwards: its GetValue
            // brings System.CommandLine's converters for every BCL type (dates, enums, lists made by reflection).
            T[] parsed = [];
            var symbol = new Option<T[]>("--" + LongName)
            {
                Arity = ArgumentArity.OneOrMore,
                AllowMultipleArgumentsPerToken = false,
                CustomParser = result =>
                {
                    var values = new T[result.Tokens.Count];
                    for (int nth = 0; nth < values.Length; nth++)
                    {
                        if (!parse(result.Tokens[nth].Value, out values[nth]))
                        {
                            badValues.Add(new BadValue(LongName, nth, error));
                            result.AddError(error);
                            return [];
                        }
                    }
                    return parsed = values;
                },
            };
            return new(symbol, (options, _, nth) => apply(options, parsed[nth]));
        }
    }
}

/// <summary>Applies the <c>nth</c> (0-based) value of an option, as parsed, to the options.</summary>
internal delegate AustinOptions OptionApplier(AustinOptions options, ParseResult result, int nth);

/// <summary>An option's System.CommandLine symbol for one parse, and how to apply what it parsed.</summary>
internal readonly record struct OptionBinding(Option Symbol, OptionApplier Apply)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(OptionBinding);
}
