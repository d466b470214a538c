// SPDX-License-Identifier: GPL-3.0-or-later
using System.Text;

namespace Austin.Cli;

/// <summary>
/// Writes the texts of --help and --usage from an option table, laid out as glibc's argp_help does
/// (argp/argp-help.c, default ARGP_HELP_FMT), in the table's <see cref="ArgpOptionTable.HelpOrder"/>, so that
/// options added to the table appear where and how argp would put them.
/// </summary>
internal static class ArgpHelpWriter
{
    // argp-help.c's default layout: the columns of group headers, short options, long options and their docs, the indent
    // of continued usage lines, and the right margin.
    private const int HeaderColumn = 1;
    private const int ShortOptionColumn = 2;
    private const int LongOptionColumn = 6;
    private const int DocColumn = 29;
    private const int UsageIndent = 12;
    private const int RightMargin = 79;

    // argp shows an argument once, with the long name, and then says so.
    private const string ArgumentNote =
        "Mandatory or optional arguments to long options are also mandatory or optional for any corresponding short options.";

    /// <summary>What --help prints (ARGP_HELP_STD_HELP).</summary>
    public static string Help(ArgpOptionTable table)
    {
        var output = new ArgpLineWrapper(RightMargin);
        WriteUsage(output, table, listOptions: false);

        output.Write(table.Doc);
        if (output.Column > output.LeftMargin)
            output.Write('\n');

        output.Write('\n');
        bool argumentsShownOnce = false;
        // argp-help.c's hol_help_state: once a header is printed, every change of group is set off by a blank line.
        bool separateGroups = false;
        int? previousGroup = null;
        foreach (ArgpOption option in table.HelpOrder)
        {
            if (option.IsHeader)
            {
                WriteHeader(output, option.Doc, afterAnEntry: previousGroup is not null);
                separateGroups = true;
            }
            else
            {
                if (separateGroups && previousGroup is int group && group != option.Group)
                    output.Write('\n');
                argumentsShownOnce |= WriteEntry(output, option);
            }
            previousGroup = option.Group;
        }

        if (argumentsShownOnce)
        {
            output.Write('\n');
            output.Write(ArgumentNote);
            output.Write('\n');
        }
        if (table.BugAddress is not null)
        {
            // argp_help_fmt: a blank line, then the address (argp-help.c, ARGP_HELP_BUG_ADDR).
            output.Write('\n');
            output.Write($"Report bugs to {table.BugAddress}.");
            output.Write('\n');
        }
        return output.ToString();
    }

    /// <summary>What --usage prints (ARGP_HELP_USAGE).</summary>
    public static string Usage(ArgpOptionTable table)
    {
        var output = new ArgpLineWrapper(RightMargin);
        WriteUsage(output, table, listOptions: true);
        return output.ToString();
    }

    /// <summary>The line argp adds under every usage error.</summary>
    public static string TryHelp(ArgpOptionTable table) =>
        $"Try `{table.ProgramName} --help' or `{table.ProgramName} --usage' for more information.\n";

    /// <summary>"Usage: name [OPTION...] args", or with every option spelled out.</summary>
    private static void WriteUsage(ArgpLineWrapper output, ArgpOptionTable table, bool listOptions)
    {
        int oldWrap = output.SetWrapMargin(UsageIndent);
        output.Write("Usage: " + table.ProgramName);
        // The left margin too, because usage items break lines themselves (Space) to keep "[-i n_us]" whole.
        int oldLeft = output.SetLeftMargin(UsageIndent);

        if (!listOptions)
        {
            if (table.Options.Count > 0)
                output.Write(" [OPTION...]");
        }
        else
            WriteOptionUsage(output, table);

        if (table.ArgsDoc.Length > 0)
        {
            Space(output, 1 + table.ArgsDoc.Length);
            output.Write(table.ArgsDoc);
        }
        output.SetWrapMargin(oldWrap);
        output.SetLeftMargin(oldLeft);
        output.Write('\n');
    }

    /// <summary>Switches bundled as "[-aefms?V]", then short options with values, then every long option.</summary>
    private static void WriteOptionUsage(ArgpLineWrapper output, ArgpOptionTable table)
    {
        var switches = new StringBuilder();
        foreach (ArgpOption option in table.HelpOrder)
        {
            if (option.ShortName is char key && !option.TakesValue)
                switches.Append(key);
        }
        if (switches.Length > 0)
            output.Write($" [-{switches}]");

        foreach (ArgpOption option in table.HelpOrder)
        {
            if (option.ShortName is char key && option.ArgName is string arg)
            {
                Space(output, 6 + arg.Length);
                output.Write($"[-{key} {arg}]");
            }
        }

        foreach (ArgpOption option in table.HelpOrder)
        {
            if (!option.IsHeader)
                output.Write(option.ArgName is not string arg ? $" [--{option.LongName}]"
                    : option.OptionalDefault is not null ? $" [--{option.LongName}[={arg}]]" : $" [--{option.LongName}={arg}]");
        }
    }

    /// <summary>
    /// One option's lines of --help: "  -i, --interval=n_us" and its doc from column 29, or on the next line
    /// when the names reach past column 32. Returns whether the argument was left off the short name.
    /// </summary>
    private static bool WriteEntry(ArgpLineWrapper output, ArgpOption option)
    {
        int oldLeft = output.SetLeftMargin(0);
        int oldWrap = output.WrapMargin;
        bool first = true;
        bool argumentShownOnce = false;

        output.SetWrapMargin(ShortOptionColumn);
        if (option.ShortName is char key)
        {
            Comma(output, ShortOptionColumn, ref first);
            output.Write('-');
            output.Write(key);
            argumentShownOnce = option.TakesValue;
        }

        output.SetWrapMargin(LongOptionColumn);
        Comma(output, LongOptionColumn, ref first);
        output.Write("--" + option.LongName);
        if (option.ArgName is string arg)
            output.Write(option.OptionalDefault is not null ? "[=" + arg + "]" : "=" + arg);

        output.SetLeftMargin(0);
        if (option.Doc.Length > 0)
        {
            int column = output.Column;
            output.SetLeftMargin(DocColumn);
            output.SetWrapMargin(DocColumn);
            if (column > DocColumn + 3)
                output.Write('\n');
            else if (column >= DocColumn)
                output.Write("   ");
            else
                IndentTo(output, DocColumn);
            output.Write(option.Doc);
        }
        output.SetLeftMargin(0);
        output.Write('\n');

        output.SetLeftMargin(oldLeft);
        output.SetWrapMargin(oldWrap);
        return argumentShownOnce;
    }

    /// <summary>argp-help.c's print_header: a blank line after an entry, then the text from column 1, wrapped there too.</summary>
    private static void WriteHeader(ArgpLineWrapper output, string text, bool afterAnEntry)
    {
        int oldLeft = output.SetLeftMargin(0);
        int oldWrap = output.WrapMargin;
        if (afterAnEntry)
            output.Write('\n');
        IndentTo(output, HeaderColumn);
        output.SetLeftMargin(HeaderColumn);
        output.SetWrapMargin(HeaderColumn);
        output.Write(text);
        output.SetLeftMargin(0);
        output.Write('\n');
        output.SetLeftMargin(oldLeft);
        output.SetWrapMargin(oldWrap);
    }

    /// <summary>", " between the names of one option, then padding to <paramref name="column"/>.</summary>
    private static void Comma(ArgpLineWrapper output, int column, ref bool first)
    {
        if (!first)
            output.Write(", ");
        first = false;
        IndentTo(output, column);
    }

    private static void IndentTo(ArgpLineWrapper output, int column)
    {
        for (int needed = column - output.Column; needed > 0; needed--)
            output.Write(' ');
    }

    /// <summary>A space, or a newline when the next <paramref name="width"/> characters would not fit.</summary>
    private static void Space(ArgpLineWrapper output, int width) =>
        output.Write(output.Column + width >= RightMargin ? '\n' : ' ');
}
