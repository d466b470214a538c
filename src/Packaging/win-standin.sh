#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# src/Packaging/win-standin.sh OUTDIR: the win-x64 austin.exe that Linux can build, into OUTDIR. NativeAOT cannot
# target Windows from Linux (build.ps1 publishes the NativeAOT austin.exe on Windows), so this is the same code
# published self-contained, IL with the .NET runtime in one file, trimmed and compressed (about 11 MB; the
# uncompressed bundle is 12.7 MB). -V says "self-contained .NET (not NativeAOT)". The Wine tests sample with it and
# ./build.sh package puts it in the Chocolatey package as a labelled stand-in. Reproducible: no PDB (whose path the
# binary would name) and an artifacts directory inside the repository, which the project's PathMap hides.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
# Its own artifacts directory: the win-x64 restore must not rewrite the obj/ of the linux-x64 build.
dotnet publish "$repo/austin.csproj" -c Release -r win-x64 --self-contained \
    -p:PublishAot=false -p:PublishSingleFile=true -p:PublishTrimmed=true -p:EnableCompressionInSingleFile=true \
    -p:DebugType=none --artifacts-path "$repo/dist/win-x64-wine.artifacts" -o "$out" --nologo -v quiet >&2
[ -f "$out/austin.exe" ] || { echo "win-standin.sh: publish produced no $out/austin.exe" >&2; exit 1; }
echo "$out/austin.exe"
