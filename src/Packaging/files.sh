#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# src/Packaging/files.sh BIN OUTDIR: what every package ships beside the binary, written by the binary from its option
# table (so they cannot disagree with --help): OUTDIR/austin.1 (covers austin-tui and austin-web) and the shell
# completions (austin.bash, austin.zsh, austin.fish). Dated from SOURCE_DATE_EPOCH (build.sh sets it to the commit's date).
set -euo pipefail
bin=$1 out=$2
epoch=${SOURCE_DATE_EPOCH:-0}
date=$(date -u -d "@$epoch" +%Y-%m-%d)
mkdir -p "$out"
"$bin" --packaging-file=man "$date" > "$out/austin.1"
echo "packaging: $out/austin.1" >&2
for shell in bash zsh fish; do
    "$bin" --packaging-file=$shell > "$out/austin.$shell"
done
echo "packaging: $out/austin.bash, austin.zsh, austin.fish" >&2
