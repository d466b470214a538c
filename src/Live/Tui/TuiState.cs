// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Live.Tui;

/// <summary>What the person chose in the terminal view: the thread, how far down its stack, the order of the top table.</summary>
internal sealed class TuiState
{
    /// <summary>Index into the sorted thread list.</summary>
    public int Thread { get; set; }

    /// <summary>The first frame of the current stack on screen (0: the outermost).</summary>
    public int StackOffset { get; set; }

    /// <summary>The view is frozen (sampling goes on).</summary>
    public bool Paused { get; set; }

    /// <summary>The top table sorted by the last seconds rather than since the start.</summary>
    public bool SortByRecent { get; set; }

    /// <summary>The save prompt is open: the next digit picks the format.</summary>
    public bool Saving { get; set; }

    /// <summary>A message for the bottom line (saved file, error), until the next key.</summary>
    public string? Message { get; set; }

    /// <summary>Frames per page of the stack pane (set by the last layout).</summary>
    public int StackRows { get; set; } = 1;

    /// <summary>Frames in the current stack (set by the last layout).</summary>
    public int StackLength { get; set; }

    public void PageDown() => StackOffset = System.Math.Max(0, System.Math.Min(StackOffset + StackRows, StackLength - StackRows));

    public void PageUp() => StackOffset = System.Math.Max(0, StackOffset - StackRows);
}
