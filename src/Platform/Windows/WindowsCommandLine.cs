// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using System.Text;

namespace Austin.Platform.Windows;

/// <summary>
/// A Windows process gets one command-line string, which its C runtime splits into argv again
/// (CommandLineToArgvW's and the MSVC CRT's rules): quote each argument so that it comes back as it was.
/// </summary>
internal static class WindowsCommandLine
{
    public static string Join(IReadOnlyList<string> arguments)
    {
        var line = new StringBuilder();
        foreach (string argument in arguments)
        {
            if (line.Length > 0) line.Append(' ');
            Append(line, argument);
        }
        return line.ToString();
    }

    /// <summary>
    /// As is when it has no space, tab or quote; otherwise in quotes, where a quote is escaped with a backslash and the
    /// backslashes right before a quote (or before the closing quote) are doubled. Other backslashes stay as they are.
    /// </summary>
    private static void Append(StringBuilder line, string argument)
    {
        if (argument.Length > 0 && argument.IndexOfAny([' ', '\t', '\n', '\v', '"']) < 0)
        {
            line.Append(argument);
            return;
        }
        line.Append('"');
        int backslashes = 0;
        foreach (char c in argument)
        {
            if (c == '\\') { backslashes++; continue; }
            if (c == '"') line.Append('\\', 2 * backslashes + 1);
            else line.Append('\\', backslashes);
            backslashes = 0;
            line.Append(c);
        }
        line.Append('\\', 2 * backslashes);
        line.Append('"');
    }
}
