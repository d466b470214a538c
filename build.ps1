# SPDX-License-Identifier: GPL-3.0-or-later
# austin's build on Windows: .\build.ps1 [build|test|run|bench|clean] — the same verbs as build.sh.
# The Windows platform layer is not written yet: this script builds and runs the tests that do not need it.
param([string]$Verb = "build")
$ErrorActionPreference = "Stop"
Set-Location $PSScriptRoot

function Die($message) { Write-Error "build.ps1: $message"; exit 1 }

if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    Die "the .NET SDK (10 or later) is missing: install it from https://dot.net, then re-run"
}
$arch = if ([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture -eq "Arm64") { "arm64" } else { "x64" }
$rid = "win-$arch"
$dist = Join-Path $PSScriptRoot "dist\$rid"
$bin = Join-Path $dist "austin.exe"

function Build {
    # NativeAOT links with the MSVC toolchain ("Desktop development with C++" in Visual Studio).
    dotnet publish austin.csproj -c Release -r $rid -o $dist --nologo -v quiet
    if ($LASTEXITCODE -ne 0) { Die "publish failed (NativeAOT needs the Visual Studio C++ build tools)" }
    Write-Host "build.ps1: $bin is $((Get-Item $bin).Length) bytes"
}

function Test {
    Build
    $results = Join-Path $PSScriptRoot "native-tests\TestResults"
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    $env:AUSTIN_BIN = $bin
    dotnet test native-tests\austin.Tests.csproj -c Release --nologo --logger "trx;LogFileName=results.trx" --results-directory $results
    $status = $LASTEXITCODE
    $trx = Join-Path $results "results.trx"
    if (-not (Test-Path $trx)) { Write-Host "0 passed, 0 failed"; Die "the test run produced no results" }
    $c = ([xml](Get-Content $trx)).TestRun.ResultSummary.Counters
    $failed = [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted
    $skipped = [int]$c.total - [int]$c.passed - $failed
    Write-Host "$($c.passed) passed, $failed failed, $skipped skipped"
    if ([int]$c.passed -eq 0 -or $failed -ne 0 -or $status -ne 0) { exit 1 }
}

switch ($Verb) {
    "build" { Build }
    "test" { Test }
    "run" {
        Build
        if (-not (Get-Command python -ErrorAction SilentlyContinue)) { Die "python is missing: install it to run the demo" }
        & $bin -i 1000 python native-tests\Targets\demo.py
    }
    "bench" { Die "the benchmark needs Linux (it compares with Debian's C austin)" }
    "clean" { Remove-Item -Recurse -Force -ErrorAction SilentlyContinue dist, bin, obj, native-tests\bin, native-tests\obj, native-tests\TestResults }
    default { Die "unknown verb '$Verb' (use build, test, run, bench or clean)" }
}
