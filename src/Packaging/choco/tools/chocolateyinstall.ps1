# SPDX-License-Identifier: GPL-3.0-or-later
# austin.exe is in the package (tools\austin.exe): Chocolatey shims it onto the PATH. The live views are austin
# with --tui and --web (Windows has no links that keep their own name in argv[0]), shimmed as austin-tui and austin-web.
$ErrorActionPreference = 'Stop'
$tools = Split-Path -Parent $MyInvocation.MyCommand.Definition
$exe = Join-Path $tools 'austin.exe'
$expected = (Get-Content (Join-Path $tools 'austin.exe.sha256')).Trim()
Get-ChecksumValid -File $exe -Checksum $expected -ChecksumType 'sha256'
Install-BinFile -Name 'austin-tui' -Path $exe -Command '--tui'
Install-BinFile -Name 'austin-web' -Path $exe -Command '--web'
