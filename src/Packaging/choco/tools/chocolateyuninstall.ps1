# SPDX-License-Identifier: GPL-3.0-or-later
# The shims the install script made; Chocolatey removes austin.exe's own shim and the package's files.
$ErrorActionPreference = 'Stop'
$tools = Split-Path -Parent $MyInvocation.MyCommand.Definition
Uninstall-BinFile -Name 'austin-tui' -Path (Join-Path $tools 'austin.exe')
Uninstall-BinFile -Name 'austin-web' -Path (Join-Path $tools 'austin.exe')
