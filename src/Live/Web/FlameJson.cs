// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using System.IO;
using System.Text;
using Austin.Output;
using Austin.Samples;

namespace Austin.Live.Web;

/// <summary>
/// The data of the live page: the stack tree of a snapshot as flat arrays, which the page merges into its flame
/// graph (by thread, or all threads at once). Node i of the tree is entry i-1 of "nodes": [parent, kind, key, own],
/// kind 1 a process (key: its pid), 2 a thread (key: its index in "threads"), 3 a frame (key: its index in
/// "functions"), 4 a stack that could not be read; own is the main measure of the stacks that ended there.
/// </summary>
internal static class FlameJson
{
    public static byte[] Write(LiveSnapshot? snapshot, string title, double seconds)
    {
        var text = new StringWriter();
        var json = new JsonText(text);
        json.StartObject();
        json.Property("title", title);
        json.Property("seconds", (long)(seconds * 1000));
        if (snapshot is null)
        {
            json.Property("state", "starting");
            json.EndObject();
            return Encoding.UTF8.GetBytes(text.ToString());
        }
        StackTree tree = snapshot.Tree;
        json.Property("state", snapshot.Ended ? "ended" : "running");
        json.Property("mode", snapshot.Mode switch { MetricMode.Memory => "memory", MetricMode.Full => "full", _ => "time" });
        json.Property("unit", snapshot.Mode == MetricMode.Memory ? "KB" : "us");
        json.Property("python", snapshot.Metadata?.PythonVersion ?? "");
        json.Property("stacks", tree.Samples);
        json.Property("serial", snapshot.Serial);

        var functionIndex = new Dictionary<int, int>();
        var threadNames = new List<string>();
        long[] own = ProfileView.OwnValues(tree, snapshot.Mode);
        json.Name("functions");
        json.StartArray();
        for (int i = 1; i < tree.Count; i++)
        {
            if (tree.Kind(i) != StackNodeKind.Frame) continue;
            Function f = tree.Function(i);
            if (!functionIndex.TryAdd(f.Id, functionIndex.Count)) continue;
            json.StartArray();
            json.Value(f.Name);
            json.Value(f.File);
            json.EndArray();
        }
        json.EndArray();
        json.Name("nodes");
        json.StartArray();
        for (int i = 1; i < tree.Count; i++)
        {
            StackNodeKind kind = tree.Kind(i);
            json.Value(tree.Parent(i));
            switch (kind)
            {
                case StackNodeKind.Process:
                    json.Value(1);
                    json.Value(tree.Key(i));
                    break;
                case StackNodeKind.Thread:
                    json.Value(2);
                    json.Value(threadNames.Count);
                    threadNames.Add($"{ProfileView.ThreadName(tree, i)} (pid {tree.Key(tree.Parent(i))})");
                    break;
                case StackNodeKind.Frame:
                    json.Value(3);
                    json.Value(functionIndex[tree.Function(i).Id]);
                    break;
                default:
                    json.Value(4);
                    json.Value(0);
                    break;
            }
            json.Value(own[i]);
        }
        json.EndArray();
        json.Name("threads");
        json.StartArray();
        foreach (string name in threadNames) json.Value(name);
        json.EndArray();
        json.EndObject();
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
