// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;

namespace Austin.Tests;

/// <summary>Where the repository is.</summary>
internal static class Repo
{
    /// <summary>The repository root: the first parent of the test assembly that holds austin.csproj.</summary>
    public static string Root()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "austin.csproj"))) return d.FullName;
        throw new InvalidOperationException($"austin.csproj not found above {AppContext.BaseDirectory}");
    }
}
