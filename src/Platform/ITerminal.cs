// SPDX-License-Identifier: GPL-3.0-or-later
using System;

namespace Austin.Platform;

/// <summary>
/// The terminal austin runs in, for a full-screen view: raw keys, the alternate screen, the size and its changes.
/// <see cref="Dispose"/> puts everything back as it was (settings, main screen, cursor).
/// </summary>
internal interface ITerminal : IDisposable
{
    /// <summary>Raw mode (keys one by one, no echo, Ctrl+C a key), the alternate screen, the cursor hidden.</summary>
    void EnterFullScreen();

    /// <summary>The size in columns and rows, as the terminal says now.</summary>
    (int Columns, int Rows) Size { get; }

    /// <summary>True once after the terminal has been resized (SIGWINCH).</summary>
    bool TakeResized();

    /// <summary>Reads the keys typed, waiting at most <paramref name="timeoutMs"/> for the first; 0 when none came, -1 when the terminal is gone.</summary>
    int ReadInput(Span<byte> buffer, int timeoutMs);

    /// <summary>Writes to the terminal.</summary>
    void Write(ReadOnlySpan<byte> bytes);
}
