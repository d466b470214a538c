// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd.Differential;

/// <summary>
/// The differential tests' scratch directory (oracles, sample files), shared by their fixtures because their runs
/// are shared (<see cref="AttachSession"/>); deleted, with the runs, once the last of them has finished.
/// </summary>
[SetUpFixture]
public sealed class Scratch
{
    private static readonly Lazy<string> Root = new(() => Directory.CreateTempSubdirectory("austin-e2e-differential-").FullName);

    /// <summary>A new path inside the scratch directory, named <paramref name="name"/> plus something unique.</summary>
    public static string NewPath(string name) => Path.Combine(Root.Value, Guid.NewGuid().ToString("N")[..12] + "-" + name);

    [OneTimeTearDown]
    public void DeleteScratchDirectory()
    {
        AttachSession.Forget();
        if (Root.IsValueCreated)
            Directory.Delete(Root.Value, recursive: true);
    }
}
