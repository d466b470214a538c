# SPDX-License-Identifier: GPL-3.0-or-later
# austin's build with PowerShell 7 (Windows first; Linux and macOS too): the verbs of build.sh, and publish and package.
#   .\build.ps1 build      publish the NativeAOT binary for this machine to dist\<rid>\ and print its size
#   .\build.ps1 test       build, then run the whole test suite; ends with "N passed, M failed, K skipped"
#   .\build.ps1 publish    publish the NativeAOT binary for each -Rid (default: this machine's) to dist\<rid>\
#   .\build.ps1 package    publish, then zip each dist\<rid>\ into dist\austin-<version>-<rid>.zip with its SHA-256, and
#                          write the Chocolatey dist\austin.<version>.nupkg (src/Packaging/choco.py, with python): on Windows
#                          around the NativeAOT dist\win-x64\austin.exe; elsewhere as ./build.sh package does, around the
#                          self-contained stand-in (src/Packaging/win-standin.sh, with bash), labelled so in the package
#   .\build.ps1 run        build, then profile the bundled demo with python
#   .\build.ps1 clean      remove what the build made
# -DryRun prints the commands instead of running them; -Filter passes a test filter to dotnet test, -Results where its
# results go; -NoBuild tests (or packages) the binaries already built. NativeAOT links with the platform's toolchain: on Windows the Visual Studio C++ build
# tools ("Desktop development with C++"); it cannot cross-compile between operating systems.
param(
    [Parameter(Position = 0)][string]$Verb = "build",
    [string[]]$Rid = @(),
    [string]$Filter = "",
    [string]$Results = "",
    [switch]$DryRun,
    [switch]$NoBuild
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
Set-Location $PSScriptRoot

function Die([string]$message) { [Console]::Error.WriteLine("build.ps1: $message"); exit 1 }
function Say([string]$message) { [Console]::Error.WriteLine("build.ps1: $message") }

# Runs a native command, or only prints it with -DryRun; fails the script when it fails.
function Invoke([string[]]$command, [string]$what) {
    $line = ($command | ForEach-Object { if ($_ -match '\s') { "`"$_`"" } else { $_ } }) -join ' '
    if ($DryRun) { Write-Output "would run: $line"; return }
    & $command[0] $command[1..($command.Length - 1)]
    if ($LASTEXITCODE -ne 0) { Die "$what failed ($line)" }
}

function HostRid {
    $arch = if ([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture -eq "Arm64") { "arm64" } else { "x64" }
    if ($IsWindows) { return "win-$arch" }
    if ($IsMacOS) { return "osx-$arch" }
    return "linux-$arch"
}

function BinaryName([string]$rid) { if ($rid.StartsWith("win-")) { "austin.exe" } else { "austin" } }

function NeedDotnet {
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        Die "the .NET SDK (10 or later) is missing: install it from https://dot.net, then re-run"
    }
    $major = [int](((dotnet --version) -split '\.')[0])
    if ($major -lt 10) { Die "the .NET SDK is $(dotnet --version); austin needs 10 or later" }
}

# The operating system of a RID must be this machine's: NativeAOT does not cross-compile between them.
function CheckBuildable([string]$rid) {
    $os = (HostRid).Split('-')[0]
    if (-not $rid.StartsWith("$os-")) { Die "$rid cannot be built here: NativeAOT builds for $os only on this machine (build it on its own OS)" }
}

function Publish([string]$rid) {
    CheckBuildable $rid
    $dist = Join-Path $PSScriptRoot "dist" $rid
    $flags = @()
    if ($env:AUSTIN_BUILD_FLAGS) { $flags = $env:AUSTIN_BUILD_FLAGS -split '\s+' | Where-Object { $_ } }
    Say "publishing the NativeAOT binary for $rid"
    Invoke (@("dotnet", "publish", (Join-Path $PSScriptRoot "austin.csproj"), "-c", "Release", "-r", $rid, "-o", $dist, "--nologo", "-v", "quiet") + $flags) "publish for $rid"
    if ($DryRun) { return }
    Get-ChildItem $dist -Include *.pdb, *.dbg -Recurse | Remove-Item -Force
    $bin = Join-Path $dist (BinaryName $rid)
    if (-not (Test-Path $bin)) { Die "publish produced no $bin" }
    Say "$bin is $((Get-Item $bin).Length) bytes"
}

function Package([string]$rid) {
    $version = ([xml](Get-Content (Join-Path $PSScriptRoot "austin.csproj"))).SelectSingleNode("//Version").InnerText
    $dist = Join-Path $PSScriptRoot "dist" $rid
    $zip = Join-Path $PSScriptRoot "dist" "austin-$version-$rid.zip"
    $files = @((Join-Path $dist (BinaryName $rid)), (Join-Path $PSScriptRoot "README.md"), (Join-Path $PSScriptRoot "LICENSE"))
    if ($DryRun) { Write-Output "would zip $($files -join ', ') into $zip, and write $zip.sha256"; return }
    Compress-Archive -Path $files -DestinationPath $zip -Force
    $hash = (Get-FileHash -Algorithm SHA256 $zip).Hash.ToLowerInvariant()
    Set-Content -Path "$zip.sha256" -Value "$hash  $(Split-Path $zip -Leaf)" -NoNewline
    Say "$zip is $((Get-Item $zip).Length) bytes, SHA-256 $hash"
}

# The commit's date, as build.sh stamps its packages with it: the .nupkg's version and time stamps (an explicit
# SOURCE_DATE_EPOCH wins).
function SourceDateEpoch {
    if ($env:SOURCE_DATE_EPOCH) { return }
    $epoch = git -C $PSScriptRoot log -1 --format=%ct 2>$null
    $env:SOURCE_DATE_EPOCH = if ($LASTEXITCODE -eq 0 -and $epoch) { $epoch } else { "0" }
}

# The Chocolatey package. Windows: the NativeAOT austin.exe that Publish made. Elsewhere NativeAOT cannot target
# Windows, so, as ./build.sh package does, a NativeAOT austin.exe copied into dist/win-x64/ when there is one, else the
# self-contained single-file stand-in (src/Packaging/win-standin.sh), which choco.py --stand-in labels as such.
function Chocolatey {
    $python = if ($IsWindows) { "python" } else { "python3" }
    if (-not $DryRun -and -not (Get-Command $python -ErrorAction SilentlyContinue)) {
        Die "$python is missing: src/Packaging/choco.py writes the Chocolatey package; install Python 3, then re-run"
    }
    $choco = @($python, (Join-Path $PSScriptRoot "src" "Packaging" "choco.py"))
    $exe = Join-Path $PSScriptRoot "dist" "win-x64" "austin.exe"
    $out = Join-Path $PSScriptRoot "dist"
    SourceDateEpoch
    if (Test-Path $exe) {
        Invoke ($choco + @($exe, $out)) "the Chocolatey package"
        Say "the Chocolatey package holds the NativeAOT $exe"
        return
    }
    if ($IsWindows) { Say "no $exe (build.ps1 package -Rid win-x64 publishes it): no Chocolatey package"; return }
    Say "no NativeAOT $exe (build.ps1 package on Windows makes it): the Chocolatey package gets the Linux-built stand-in, self-contained single-file (not NativeAOT)"
    $standIn = Join-Path $PSScriptRoot "dist" "win-x64-wine"
    Invoke @("bash", (Join-Path $PSScriptRoot "src" "Packaging" "win-standin.sh"), $standIn) "the win-x64 stand-in"
    Invoke ($choco + @("--stand-in", (Join-Path $standIn "austin.exe"), $out)) "the Chocolatey package"
}

function Test {
    $rid = HostRid
    if (-not $NoBuild) { Publish $rid }
    $results = if ($Results) { $Results } else { Join-Path $PSScriptRoot "native-tests" "TestResults" }
    $command = @("dotnet", "test", (Join-Path $PSScriptRoot "native-tests" "austin.Tests.csproj"), "-c", "Release", "--nologo",
        "--logger", "trx;LogFileName=results.trx", "--results-directory", $results)
    if ($NoBuild) { $command += "--no-build" }
    if ($Filter) { $command += @("--filter", $Filter) }
    $env:AUSTIN_BIN = Join-Path $PSScriptRoot "dist" $rid (BinaryName $rid)
    if ($DryRun) { Invoke $command "the tests"; return }
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    & $command[0] $command[1..($command.Length - 1)]
    $status = $LASTEXITCODE
    $trx = Join-Path $results "results.trx"
    if (-not (Test-Path $trx)) { Write-Output "0 passed, 0 failed"; Die "the test run produced no results" }
    $c = ([xml](Get-Content $trx)).TestRun.ResultSummary.Counters
    $failed = [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted
    $skipped = [int]$c.total - [int]$c.passed - $failed
    Write-Output "$($c.passed) passed, $failed failed, $skipped skipped"
    if ([int]$c.passed -eq 0 -or $failed -ne 0 -or $status -ne 0) { exit 1 }
}

$rids = if ($Rid.Count -gt 0) { $Rid } else { @(HostRid) }
switch ($Verb) {
    "build" { NeedDotnet; Publish (HostRid) }
    "publish" { NeedDotnet; foreach ($r in $rids) { Publish $r } }
    "package" { NeedDotnet; foreach ($r in $rids) { if (-not $NoBuild) { Publish $r }; Package $r }; Chocolatey }
    "test" { NeedDotnet; Test }
    "run" {
        NeedDotnet
        Publish (HostRid)
        $python = if ($IsWindows) { "python" } else { "python3" }
        if (-not (Get-Command $python -ErrorAction SilentlyContinue)) { Die "$python is missing: install it to run the demo" }
        Invoke @((Join-Path $PSScriptRoot "dist" (HostRid) (BinaryName (HostRid))), "-i", "1000", $python, (Join-Path $PSScriptRoot "native-tests" "Targets" "demo.py")) "the demo"
    }
    "bench" { Die "the benchmark compares with Debian's C austin: run ./build.sh bench on Linux" }
    "clean" {
        foreach ($d in @("dist", "bin", "obj", (Join-Path "native-tests" "bin"), (Join-Path "native-tests" "obj"), (Join-Path "native-tests" "TestResults"))) {
            if ($DryRun) { Write-Output "would remove $d" } elseif (Test-Path $d) { Remove-Item -Recurse -Force $d }
        }
    }
    default { Die "unknown verb '$Verb' (use build, test, publish, package, run, bench or clean)" }
}
