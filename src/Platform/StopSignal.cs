// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Platform;

/// <summary>The signals that end a run in an orderly way: samples are flushed, a launched program is told too.</summary>
internal enum StopSignal
{
    None,
    /// <summary>SIGINT (Ctrl+C), or Ctrl+C / Ctrl+Break on Windows.</summary>
    Interrupt,
    /// <summary>SIGTERM.</summary>
    Terminate,
}
