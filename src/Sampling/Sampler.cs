// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Sampling;

/// <summary>Runs a profiling session: launch or attach, sample until the target exits, flush.</summary>
internal static class Sampler
{
    public static int Run(AustinOptions options)
    {
        throw new AustinException(ExitCodes.Failure, "sampling is not implemented yet");
    }
}
