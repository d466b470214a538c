// SPDX-License-Identifier: GPL-3.0-or-later
using Austin.Cli;
using NUnit.Framework;

namespace Austin.Tests.Unit.Cli;

/// <summary>
/// The help texts generated from the option table, and the argp_fmtstream wrapping rules behind them.
/// (How extensions would be laid out is compared with glibc itself in <see cref="ArgpOracleTests"/>.)
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ArgpHelpWriterTests
{
    [Test]
    public void The_help_of_austin_is_that_of_the_C_austin_0_7_0_with_the_extensions_under_their_header_before_argps_own() =>
        Assert.That(ArgpHelpWriter.Help(AustinOptionTable.Austin.Argp), Is.EqualTo(CliTestText.HelpText));

    [Test]
    public void The_help_of_austin_starts_and_ends_byte_for_byte_as_the_C_austin_0_7_0s()
    {
        string help = ArgpHelpWriter.Help(AustinOptionTable.Austin.Argp);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(help, Does.StartWith(CliTestText.SeedHelpHead), "the usage line, the doc and the 0.7.0 options");
            Assert.That(help, Does.EndWith(CliTestText.SeedHelpTail), "argp's own options and the closing lines");
        }
    }

    [Test]
    public void The_help_of_the_0_7_0_options_alone_is_that_of_the_C_austin_0_7_0() =>
        Assert.That(ArgpHelpWriter.Help(new AustinOptionTable(AustinOptionTable.Seed, []).Argp), Is.EqualTo(CliTestText.SeedHelpText));

    [Test]
    public void The_usage_of_the_0_7_0_options_alone_is_that_of_the_C_austin_0_7_0() =>
        Assert.That(ArgpHelpWriter.Usage(new AustinOptionTable(AustinOptionTable.Seed, []).Argp), Is.EqualTo(CliTestText.SeedUsageText));

    [Test]
    public void The_usage_of_austin_lists_the_extensions_after_the_0_7_0_options_in_each_part() =>
        Assert.That(ArgpHelpWriter.Usage(AustinOptionTable.Austin.Argp), Is.EqualTo(CliTestText.UsageText));

    [Test]
    public void A_finished_line_shorter_than_the_margin_is_left_alone() =>
        Assert.That(Wrap(10, "123456789\n"), Is.EqualTo("123456789\n"));

    [Test]
    public void A_finished_line_as_long_as_the_margin_is_broken_at_its_last_blank() =>
        Assert.That(Wrap(10, "12345 7890\n"), Is.EqualTo("12345\n7890\n"));

    [Test]
    public void A_line_broken_at_a_blank_just_past_the_margin_may_be_as_long_as_the_margin() =>
        Assert.That(Wrap(10, "1234567890 12"), Is.EqualTo("1234567890\n12"));

    [Test]
    public void Blanks_at_a_break_are_dropped() =>
        Assert.That(Wrap(10, "12345   890123"), Is.EqualTo("12345\n890123"));

    [Test]
    public void Lines_made_by_a_break_are_indented_by_the_wrap_margin()
    {
        var output = new ArgpLineWrapper(10);
        output.SetWrapMargin(4);
        output.Write("aaa bbb ccc ddd");

        Assert.That(output.ToString(), Is.EqualTo("aaa bbb\n    ccc\n    ddd"));
    }

    [Test]
    public void Lines_begun_after_a_newline_are_indented_by_the_left_margin()
    {
        var output = new ArgpLineWrapper(10);
        output.SetLeftMargin(3);
        output.Write("a\nb");

        Assert.That(output.ToString(), Is.EqualTo("   a\n   b"));
    }

    [Test]
    public void Only_text_written_since_the_last_layout_is_broken()
    {
        // argp lays text out when the column is asked for; a later overflow never breaks before that point.
        var output = new ArgpLineWrapper(10);
        output.Write("aaaa bbbb");
        Assert.That(output.Column, Is.EqualTo(9));
        output.Write("cccc");

        Assert.That(output.ToString(), Is.EqualTo("aaaa bbbbcccc"));
    }

    [Test]
    public void A_word_longer_than_a_line_stays_whole_on_an_overlong_line() =>
        Assert.That(Wrap(10, "ab 0123456789abc de"), Is.EqualTo("ab\n0123456789abc\nde"));

    private static string Wrap(int rightMargin, string text)
    {
        var output = new ArgpLineWrapper(rightMargin);
        output.Write(text);
        return output.ToString();
    }
}
