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

/// <summary>Limits against garbage and races, in one place.</summary>
internal static class WalkLimits
{
    /// <summary>Deepest stack walked; deeper (or looping) chains are bad samples. CPython's default recursion limit is 1000.</summary>
    public const int MaxFrames = 16384;
    /// <summary>Threads per interpreter.</summary>
    public const int MaxThreads = 8192;
    /// <summary>Interpreters per process.</summary>
    public const int MaxInterpreters = 256;
}
