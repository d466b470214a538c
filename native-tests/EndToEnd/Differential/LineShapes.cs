// SPDX-License-Identifier: GPL-3.0-or-later
using System.Text.RegularExpressions;
using Austin.Tests.Support;

namespace Austin.Tests.EndToEnd.Differential;

/// <summary>
/// The shape of every line the C austin 1.0.1 writes, per mode, written down from its own output (attached to
/// diff_target.py on 2.7 and 3.6 - 3.10), not from ours:
/// <code>
/// Thread 555da1d74020;_bootstrap (/…/threading.py);L937;…;_report (/…/target_support.py);L145 5098
/// Thread 555da1d74020;_bootstrap (/…/threading.py:937);…;_report (/…/target_support.py:145) 5113        -a
/// Thread 555da1cd8c30;_bootstrap (/…/threading.py);L937;…;busy (/…/diff_target.py);L56 192               -m
/// Thread 555da1cd8c30;_bootstrap (/…/threading.py);L937;…;busy (/…/diff_target.py);L56 5086 128 0        -f
/// Thread 555da1d97b50 5086 0 0                                                                           a thread without frames
/// </code>
/// A function name has no space; a file name has no ';' (none of the targets' has); line numbers and metrics are
/// decimal; the memory gain of <c>-m</c> is positive (only growths are emitted), the loss of <c>-f</c> is 0 or negative.
/// </summary>
public static class LineShapes
{
    private const string NormalFrame = @";[^ ;]+ \([^;]*\);L[0-9]+";
    private const string AlternativeFrame = @";[^ ;]+ \([^;]*:[0-9]+\)";
    private const string Time = "[0-9]+";
    private const string Growth = "[1-9][0-9]*";
    private const string Full = "[0-9]+ [0-9]+ (?:0|-[1-9][0-9]*)";

    /// <summary>The regular expression every line of <paramref name="mode"/> matches, bad samples included.</summary>
    public static Regex For(Mode mode)
    {
        string frame = mode.Format == CollapsedFormat.Normal ? NormalFrame : AlternativeFrame;
        string metrics = mode.MetricCount == 3 ? Full : mode.Memory ? Growth : Time;
        return new Regex($"^Thread [0-9a-f]+(?:;Bad sample|(?:{frame})*) {metrics}$", RegexOptions.CultureInvariant);
    }
}
