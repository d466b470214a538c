// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Python.Walkers;

/// <summary>
/// Brent's cycle detection over a linked list read from a live target, in constant space: a list that loops
/// (an object freed and reused while it was read, or garbage) is noticed within a few lengths of the loop,
/// not at the end of a bound thousands of steps long.
/// </summary>
internal struct LoopGuard
{
    private ulong _saved;
    private int _power;
    private int _steps;

    /// <summary>True when <paramref name="address"/> was already visited (the list loops).</summary>
    public bool Loops(ulong address)
    {
        if (address == _saved && address != 0) return true;
        if (++_steps >= _power)
        {
            _saved = address;
            _power = _power == 0 ? 2 : _power << 1;
            _steps = 0;
        }
        return false;
    }
}
