// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Platform;
using NUnit.Framework;

namespace Austin.Tests.Unit.Platform;

/// <summary>The local time of logs and saved files, without DateTime: the same text as DateTime's formats.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class LocalTimeTests
{
    [Test]
    public void The_log_and_file_name_patterns_read_as_DateTime_writes_them()
    {
        var time = new LocalTime(2026, 3, 7, 4, 5, 9, 42);
        var same = new DateTime(2026, 3, 7, 4, 5, 9, 42);
        foreach (string pattern in new[] { "yyyy-MM-dd HH:mm:ss.fff", "yyyyMMdd-HHmmss" })
            Assert.That(time.Format(pattern), Is.EqualTo(same.ToString(pattern, System.Globalization.CultureInfo.InvariantCulture)), pattern);
    }

    [Test]
    public void The_platform_tells_the_time_of_the_local_time_zone()
    {
        LocalTime now = Platforms.Current().LocalNow();
        DateTime expected = DateTime.Now;
        var told = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, now.Millisecond);
        Assert.That(told, Is.EqualTo(expected).Within(TimeSpan.FromSeconds(5)));
    }
}
