// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using Austin.Diagnostics;
using Austin.Platform;
using Austin.Python;

namespace Austin.Sampling;

/// <summary>
/// -C: the target and every process descended from it, followed between samples. Every <see cref="ScanPeriodNs"/>
/// the children of every process known are listed; a new one goes through the same start-up wait as the target (one
/// look per scan, so that it never stalls the sampling of the others) and joins the <see cref="TargetSet"/> once its
/// Python runtime is readable. A process that is not Python (a shell, a compiler) is not sampled but stays known while
/// it lives, so that its own children are found, and is looked at again if it execs. A sampled process that execs
/// (the child of a fork+exec is its parent's copy until the exec) waits for its new runtime like a new one.
/// </summary>
/// <remarks>
/// A process is known from the moment a scan sees it until it exits: one whose parent exits first is reparented (to
/// init or a subreaper) but stays known, so an orphaned worker is still sampled and its children still found. A
/// process that both starts and loses its parent between two scans (a shell that forks and exits at once) is not
/// seen. In the steady state (nobody starting) a scan allocates nothing: a few small /proc reads per process.
/// </remarks>
internal sealed class Descendants : IDisposable
{
    /// <summary>How often the children are listed: a new process is seen within this of its start (and sampled once Python).</summary>
    public const long ScanPeriodNs = 20_000_000;

    /// <summary>Beyond this many processes (a fork bomb), new ones are ignored.</summary>
    private const int MaxMembers = 4096;

    private readonly IProcessTree _tree;
    private readonly IClock _clock;
    private readonly ThreadFilter _filter;
    private readonly long _timeoutMs;
    private readonly List<Member> _members = [];
    private int[] _parents = new int[16];
    private readonly int[] _found = new int[1024];
    private readonly int[] _dismissed = new int[1024];
    private int _dismissedCount;
    private bool _full;
    private long _nextScanNs;

    /// <summary>What is asked of each Python found in the tree before it is sampled (the filter's needs by default).</summary>
    public Action<PythonProcess> Prepare { get; init; }

    /// <param name="root">The target: launched or attached to by the caller, who disposes of it.</param>
    public Descendants(IProcessTree tree, IClock clock, ITargetProcess root, ThreadFilter filter, long timeoutMs)
    {
        _tree = tree;
        _clock = clock;
        _filter = filter;
        Prepare = python =>
        {
            python.WantGilHolder = _filter.NeedsGilHolder;
            python.WantNativeIds = _filter.NeedsNativeIds;
        };
        _timeoutMs = timeoutMs;
        Root = new Member(root, owned: false, isRoot: true);
        Root.Wait = new StartupWait(root, clock, timeoutMs);
        _members.Add(Root);
    }

    /// <summary>When the next scan is due.</summary>
    public long NextScanNs => _nextScanNs;

    /// <summary>Whether an error in the target's own start-up ends the run (true until sampling starts).</summary>
    public bool RootErrorsAreFatal { get; set; } = true;

    /// <summary>How the target's own wait ended; <see cref="StartupOutcome.Waiting"/> while it goes on or has not ended.</summary>
    public StartupOutcome RootOutcome { get; private set; }

    /// <summary>The target's own start-up wait (for its error message).</summary>
    public StartupWait RootWait => Root.Wait!;

    /// <summary>Whether the target itself is still running (whatever it runs).</summary>
    public bool RootAlive => _members.Contains(Root);

    /// <summary>Whether some process is in its start-up wait (a Python about to be sampled, or a wrapper before one).</summary>
    public bool AnyStarting
    {
        get
        {
            foreach (Member member in _members)
                if (member.State == MemberState.Starting) return true;
            return false;
        }
    }

    /// <summary>Why the last process that looked like Python could not be sampled, for the error when none could.</summary>
    public string? LastRefusal { get; private set; }

    /// <summary>
    /// Whether the run goes on: while the target runs (a shell between two Python programs), a process is sampled, or
    /// one is starting. A non-Python process left behind by a target that has exited does not keep austin running.
    /// </summary>
    public bool Alive(TargetSet targets) => targets.Count > 0 || RootAlive || AnyStarting;

    private Member Root { get; }

    /// <summary>Scans when one is due (see <see cref="Scan"/>).</summary>
    public void Update(long nowNs, TargetSet targets)
    {
        if (nowNs >= _nextScanNs) Scan(nowNs, targets);
    }

    /// <summary>Finds the new children, and moves every known process on: joins, leaves, execs.</summary>
    /// <exception cref="AustinException">The target itself cannot be sampled, while <see cref="RootErrorsAreFatal"/>.</exception>
    public void Scan(long nowNs, TargetSet targets)
    {
        _nextScanNs = nowNs + ScanPeriodNs;
        FindNewChildren();
        for (int i = 0; i < _members.Count; i++)
        {
            Member member = _members[i];
            if (!Follow(member, targets))
            {
                _members.RemoveAt(i--);
                Remember(member.Process.Pid);
                if (member.Owned) member.Process.Dispose();
            }
        }
    }

    /// <summary>Lists the children of every known process; those not known yet start their wait.</summary>
    private void FindNewChildren()
    {
        if (_parents.Length < _members.Count) Array.Resize(ref _parents, Math.Max(_members.Count, _parents.Length * 2));
        for (int i = 0; i < _members.Count; i++) _parents[i] = _members[i].Process.Pid;
        int count = _tree.ListChildren(_parents.AsSpan(0, _members.Count), _found);
        ReadOnlySpan<int> found = _found.AsSpan(0, count);
        ForgetReaped(found);
        foreach (int pid in found)
        {
            if (IsKnown(pid) || _dismissed.AsSpan(0, _dismissedCount).Contains(pid)) continue;
            if (_members.Count >= MaxMembers)
            {
                if (!_full) Log.Info($"more than {MaxMembers} processes: new child processes are not followed");
                _full = true;
                return;
            }
            Join(pid);
        }
    }

    private bool IsKnown(int pid)
    {
        foreach (Member member in _members)
            if (member.Process.Pid == pid) return true;
        return false;
    }

    private void Join(int pid)
    {
        ITargetProcess process;
        try
        {
            process = _tree.Attach(pid);
        }
        catch (AustinException)
        {
            return;   // gone already
        }
        _members.Add(new Member(process, owned: true, isRoot: false) { Wait = new StartupWait(process, _clock, _timeoutMs, Template(process)) });
    }

    /// <summary>
    /// The runtime of a sampled process that runs the same executable as <paramref name="process"/>: a forked child
    /// has its parent's, found again in a few reads instead of a symbol table parsed (1-3 ms each, far more on a busy
    /// machine, between two samples).
    /// </summary>
    private PythonProcess? Template(ITargetProcess process)
    {
        string? executable = process.ExecutablePath;
        foreach (Member member in _members)
            if (member.State == MemberState.Sampled && member.Image == executable) return member.Sampled!.Python;
        return null;
    }

    /// <summary>Moves <paramref name="member"/> on; false when it has ended and is no longer followed.</summary>
    private bool Follow(Member member, TargetSet targets)
    {
        switch (member.State)
        {
            case MemberState.Sampled:
                if (targets.Contains(member.Sampled!)) return true;
                // The loop stopped sampling it: it exited (or is exiting: its executable is gone first), or exec'd into
                // another program (Python or not).
                if (member.Process.HasExited || member.Process.ExecutablePath is null) return false;
                Log.Info($"process {member.Process.Pid} exec'd: waiting for a Python runtime in it");
                member.Restart(_clock, _timeoutMs);
                return Look(member, targets);
            case MemberState.NotPython:
                if (member.Process.HasExited) return false;
                if (member.Process.RunsExecutable(member.Image)) return true;
                if (member.Process.ExecutablePath is null) return false;   // exiting
                member.Restart(_clock, _timeoutMs);
                return Look(member, targets);
            default:
                return Look(member, targets);
        }
    }

    /// <summary>One look at a process in its start-up wait; false when it has exited.</summary>
    private bool Look(Member member, TargetSet targets)
    {
        StartupOutcome outcome;
        PythonProcess? python;
        try
        {
            outcome = member.Wait!.Look(out python);
        }
        catch (AustinException e) when (!member.IsRoot || !RootErrorsAreFatal)
        {
            // Not readable (another user's setuid program), or a Python austin cannot read: its children may still be.
            Log.Info($"process {member.Process.Pid} is not sampled: {e.Message}");
            LastRefusal = $"process {member.Process.Pid}: {e.Message}";
            member.Settle(MemberState.NotPython, member.Process.ExecutablePath);
            return true;
        }
        switch (outcome)
        {
            case StartupOutcome.Ready:
                PythonProcess ready = python!;
                Prepare(ready);
                var sampled = new SampledProcess(member.Process, ready) { Root = member.IsRoot };
                targets.Add(sampled);
                member.Sampled = sampled;
                member.Settle(MemberState.Sampled, sampled.Image);
                if (member.IsRoot) RootOutcome = StartupOutcome.Ready;
                Log.Info($"Python {ready.Version} found in process {member.Process.Pid}");
                return true;
            case StartupOutcome.Exited:
                if (member.IsRoot) RootOutcome = StartupOutcome.Exited;
                return false;
            case StartupOutcome.NotPython or StartupOutcome.NotReady:
                if (member.IsRoot) RootOutcome = outcome;
                Log.Info(outcome == StartupOutcome.NotPython
                    ? $"process {member.Process.Pid} ({member.Wait.Image}) is not Python: only its children are followed"
                    : $"the Python runtime of process {member.Process.Pid} was not ready within {member.Wait.BudgetMs} ms: only its children are followed");
                member.Settle(MemberState.NotPython, member.Wait.Image);
                return true;
            default:
                return true;
        }
    }

    /// <summary>
    /// A process that ended is listed among its parent's children until the parent reaps it: it is remembered, so as not
    /// to be taken for a new one at every scan, and forgotten once no longer listed (its PID may then be reused).
    /// </summary>
    private void Remember(int pid)
    {
        if (_dismissedCount < _dismissed.Length) _dismissed[_dismissedCount++] = pid;
    }

    private void ForgetReaped(ReadOnlySpan<int> found)
    {
        int kept = 0;
        for (int i = 0; i < _dismissedCount; i++)
            if (found.Contains(_dismissed[i])) _dismissed[kept++] = _dismissed[i];
        _dismissedCount = kept;
    }

    public void Dispose()
    {
        foreach (Member member in _members)
            if (member.Owned) member.Process.Dispose();
        _members.Clear();
    }

    private enum MemberState
    {
        /// <summary>In its start-up wait: looked at once per scan.</summary>
        Starting,
        /// <summary>In the target set.</summary>
        Sampled,
        /// <summary>Not Python (or not readable): only its children and its execs are followed.</summary>
        NotPython,
    }

    private sealed class Member(ITargetProcess process, bool owned, bool isRoot)
    {
        public ITargetProcess Process { get; } = process;

        /// <summary>Opened here, so disposed of here (the target is the caller's).</summary>
        public bool Owned { get; } = owned;

        public bool IsRoot { get; } = isRoot;

        public MemberState State { get; private set; }

        public StartupWait? Wait { get; set; }

        public SampledProcess? Sampled { get; set; }

        /// <summary>The executable it ran when it was sampled or found not to be Python: an exec is a new start.</summary>
        public string? Image { get; private set; }

        public void Settle(MemberState state, string? image) => (State, Image) = (state, image);

        public void Restart(IClock clock, long timeoutMs)
        {
            (State, Sampled, Image) = (MemberState.Starting, null, null);
            Wait = new StartupWait(Process, clock, timeoutMs);
        }
    }
}
