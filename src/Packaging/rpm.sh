#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# src/Packaging/rpm.sh BIN FILES OUTDIR: austin-<version>-1.x86_64.rpm in OUTDIR, built with rpmbuild (Debian's rpm
# package) from src/Packaging/austin.spec, the binary BIN and what src/Packaging/files.sh wrote into FILES; the same content
# as the .deb, in Fedora's paths. Prints the .rpm's path. The version is the .deb's in rpm's spelling:
# AustinVersion.Number, then ^git<date>.<commit> (rpm's "after this release" snapshot). Reproducible: build time,
# file times and build host come from SOURCE_DATE_EPOCH.
set -euo pipefail
bin=$1 files=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$(dirname "$here")")
epoch=${SOURCE_DATE_EPOCH:-0}
export SOURCE_DATE_EPOCH=$epoch
number=$(sed -n 's/.*const string Number = "\([^"]*\)".*/\1/p' "$repo/src/AustinVersion.cs")
commit=$(git -C "$repo" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
version="$number^git$(date -u -d "@$epoch" +%Y%m%d).$commit"

top=$(mktemp -d)
trap 'rm -rf "$top"' EXIT
root="$top/SOURCES/root"
install -d "$root/usr/bin" "$root/usr/share/man/man1" "$root/usr/share/licenses/austin" \
    "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/site-functions" "$root/usr/share/fish/vendor_completions.d"
install -m 0755 "$bin" "$root/usr/bin/austin"
gzip -9n < "$files/austin.1" > "$root/usr/share/man/man1/austin.1.gz"
install -m 0644 "$files/austin.bash" "$root/usr/share/bash-completion/completions/austin"
install -m 0644 "$files/austin.zsh" "$root/usr/share/zsh/site-functions/_austin"
install -m 0644 "$files/austin.fish" "$root/usr/share/fish/vendor_completions.d/austin.fish"
install -m 0644 "$repo/LICENSE" "$root/usr/share/licenses/austin/LICENSE"
for view in austin-tui austin-web; do
    ln -s austin "$root/usr/bin/$view"
    ln -s austin.1.gz "$root/usr/share/man/man1/$view.1.gz"
    ln -s austin "$root/usr/share/bash-completion/completions/$view"
    ln -s austin.fish "$root/usr/share/fish/vendor_completions.d/$view.fish"
done
find "$root" -exec touch -h -d "@$epoch" {} +

rpmbuild -bb --quiet "$here/austin.spec" \
    --define "_topdir $top" --define "_sourcedir $top/SOURCES" --define "_rpmdir $top/RPMS" \
    --define "austin_version $version" --define "austin_commit $commit" \
    --define "use_source_date_epoch_as_buildtime 1" --define "clamp_mtime_to_source_date_epoch 1" \
    --define "_buildhost reproducible" --define "_binary_payload w9.xzdio" >&2
mkdir -p "$out"
rpm=$(find "$top/RPMS" -name '*.rpm' | head -1)
cp "$rpm" "$out/"
echo "$out/$(basename "$rpm")"
