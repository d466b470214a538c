#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# src/Packaging/reproducible.sh: builds the committed HEAD twice from scratch, in two fresh clones at different paths
# (./build.sh package, SOURCE_DATE_EPOCH the commit's date), and compares what they made byte for byte: the binary,
# the files beside it and the packages. Exit status 0 when every file is identical. Takes two full builds (minutes).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
commit=$(git -C "$repo" rev-parse HEAD)
keep=${REPRO_KEEP:-"$repo/dist/reproducible"}
for n in 1 2; do
    git clone -q --no-hardlinks "$repo" "$work/build$n"
    git -C "$work/build$n" checkout -q "$commit"
    echo "reproducible.sh: build $n of $commit in $work/build$n" >&2
    (cd "$work/build$n" && ./build.sh package >"$work/log$n" 2>&1) || { cat "$work/log$n" >&2; exit 1; }
done
status=0
# The stand-in's build intermediates (dist/win-x64-wine.artifacts/) name their checkout: not a product.
(cd "$work/build1/dist" && find . -type f -not -path './win-x64-wine.artifacts/*' | LC_ALL=C sort) > "$work/files"
while read -r file; do
    a=$(sha256sum < "$work/build1/dist/$file" | cut -d' ' -f1)
    b=$(sha256sum < "$work/build2/dist/$file" 2>/dev/null | cut -d' ' -f1 || echo missing)
    if [ "$a" = "$b" ]; then
        echo "same      $a  $file"
    else
        echo "DIFFERENT $a $b  $file"
        status=1
        # Where two binaries differ: how many bytes, in which ELF sections; both kept in $keep to look at.
        if [ "$(head -c4 "$work/build1/dist/$file" | od -An -c | tr -d ' ')" = '177ELF' ]; then
            mkdir -p "$keep"
            cp "$work/build1/dist/$file" "$keep/$(basename "$file").1"
            cp "$work/build2/dist/$file" "$keep/$(basename "$file").2"
            cmp -l "$work/build1/dist/$file" "$work/build2/dist/$file" | python3 "$(dirname "$0")/elf_sections.py" "$work/build1/dist/$file"
        fi
    fi
done < "$work/files"
exit $status
