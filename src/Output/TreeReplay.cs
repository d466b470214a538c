// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using Austin.Samples;

namespace Austin.Output;

/// <summary>
/// Writes the samples of a <see cref="StackTree"/> to any writer, one sample per distinct stack with the stack's
/// summed metrics: how the live views save "the profile so far" in any format. A format that counts samples
/// (speedscope's, pprof's sample counts) sees one per stack; the measures (time, memory) are exact. In full mode a
/// stack that both gained and released memory is written twice, once with each.
/// </summary>
internal static class TreeReplay
{
    public static void Into(ISampleWriter writer, StackTree tree, ProfileMetadata metadata, ProfileStatistics statistics)
    {
        writer.Begin(metadata);
        if (metadata.PythonVersion is string version) writer.WriteMetadata("python", version);
        var frames = new List<Frame>();
        for (int node = 1; node < tree.Count; node++)
        {
            ref readonly StackMetrics own = ref tree.Own(node);
            if (own.Samples == 0) continue;
            frames.Clear();
            int thread = node;
            bool bad = false;
            for (; thread != 0 && tree.Kind(thread) != StackNodeKind.Thread; thread = tree.Parent(thread))
            {
                if (tree.Kind(thread) == StackNodeKind.Frame) frames.Add(new Frame(tree.Function(thread), tree.Line(thread)));
                else if (tree.Kind(thread) == StackNodeKind.Bad) bad = true;
            }
            if (thread == 0) continue;
            frames.Reverse();
            int pid = tree.Key(tree.Parent(thread));
            long time = metadata.Mode == MetricMode.Memory ? 0 : own.Time;
            long gained = own.MemoryGained;
            if (metadata.Mode == MetricMode.Time || gained > 0 || own.MemoryReleased == 0)
                Emit(writer, pid, tree, thread, bad, frames, new SampleMetrics(time, metadata.Mode == MetricMode.Time ? 0 : gained));
            if (metadata.Mode != MetricMode.Time && own.MemoryReleased > 0)
                Emit(writer, pid, tree, thread, bad, frames, new SampleMetrics(0, -own.MemoryReleased));
        }
        writer.End(statistics);
        writer.Flush();
    }

    private static void Emit(ISampleWriter writer, int pid, StackTree tree, int thread, bool bad, List<Frame> frames, SampleMetrics metrics)
    {
        Frame[] stack = frames.ToArray();
        writer.Write(new ThreadSample(pid, tree.Key(thread), (ulong)tree.Key2(thread), 0, false, false, bad, stack, metrics));
    }
}
