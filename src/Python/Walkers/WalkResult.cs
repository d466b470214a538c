// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Python.Walkers;

/// <summary>How a walk of one thread's frames ended.</summary>
internal enum WalkResult
{
    /// <summary>Every frame was read: the stack is real.</summary>
    Ok,
    /// <summary>A read failed, a pointer led to something that is not a frame or code object, or a bound was hit.</summary>
    Bad,
}

/// <summary>The walk bounds of <see cref="Limits"/>, under the names the walkers use.</summary>
internal static class WalkLimits
{
    /// <summary>Deepest stack walked; deeper (or looping) chains are bad samples. CPython's default recursion limit is 1000.</summary>
    public const int MaxFrames = Limits.Frames;
    /// <summary>Threads per interpreter.</summary>
    public const int MaxThreads = Limits.Threads;
    /// <summary>Interpreters per process.</summary>
    public const int MaxInterpreters = Limits.Interpreters;
}
