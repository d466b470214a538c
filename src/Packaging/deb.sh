#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# src/Packaging/deb.sh BIN FILES OUTDIR: austin_<version>_<arch>.deb in OUTDIR, built with dpkg-deb from the binary BIN
# and what src/Packaging/files.sh wrote into FILES; prints the .deb's path. Reproducible: every time stamp is
# SOURCE_DATE_EPOCH (build.sh sets it to the commit's date), every owner root, every compression without names or
# dates, so the same inputs give the same bytes.
#
# The version: the upstream part is AustinVersion.Number (src/AustinVersion.cs), the one place the version lives,
# the number -V prints and the command line austin is a drop-in for; then the commit as a Debian snapshot
# (+git<date>.<commit>), so that each build of a new commit sorts after the last; then the Debian revision -1.
set -euo pipefail
bin=$1 files=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$(dirname "$here")")
epoch=${SOURCE_DATE_EPOCH:-0}
export SOURCE_DATE_EPOCH=$epoch

number=$(sed -n 's/.*const string Number = "\([^"]*\)".*/\1/p' "$repo/src/AustinVersion.cs")
[ -n "$number" ] || { echo "deb.sh: no version in src/AustinVersion.cs" >&2; exit 1; }
commit=$(git -C "$repo" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
version="$number+git$(date -u -d "@$epoch" +%Y%m%d).$commit-1"
arch=$(dpkg --print-architecture)
maintainer=${DEB_MAINTAINER:-"austin maintainers <maintainers@users.noreply.r-seed-bca2fb98.example>"}

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/austin"
install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/man/man1" "$root/usr/share/doc/austin" \
    "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" \
    "$root/usr/share/fish/vendor_completions.d" "$root/usr/share/lintian/overrides"
install -m 0755 "$bin" "$root/usr/bin/austin"
gzip -9n < "$files/austin.1" > "$root/usr/share/man/man1/austin.1.gz"
install -m 0644 "$files/austin.bash" "$root/usr/share/bash-completion/completions/austin"
install -m 0644 "$files/austin.zsh" "$root/usr/share/zsh/vendor-completions/_austin"
install -m 0644 "$files/austin.fish" "$root/usr/share/fish/vendor_completions.d/austin.fish"
# The live views are austin under other names; bash and fish look a completion up by the command's name.
for view in austin-tui austin-web; do
    ln -s austin "$root/usr/bin/$view"
    ln -s austin.1.gz "$root/usr/share/man/man1/$view.1.gz"
    ln -s austin "$root/usr/share/bash-completion/completions/$view"
    ln -s austin.fish "$root/usr/share/fish/vendor_completions.d/$view.fish"
done
install -m 0644 "$here/debian/copyright" "$root/usr/share/doc/austin/copyright"
install -m 0644 "$here/debian/lintian-overrides" "$root/usr/share/lintian/overrides/austin"
{
    echo "austin ($version) unstable; urgency=medium"
    echo
    echo "  * Snapshot of commit $commit: the C# NativeAOT austin, a drop-in for the"
    echo "    command line of the C austin $number."
    echo
    echo " -- $maintainer  $(date -u -R -d "@$epoch")"
} | gzip -9n > "$root/usr/share/doc/austin/changelog.Debian.gz"

# The C library the binary needs: the newest GLIBC_ symbol version it links against.
glibc=$(objdump -T "$bin" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -Vu | tail -1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: austin
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $(du -sk --apparent-size "$root/usr" | cut -f1)
Depends: libc6 (>= $glibc)
Section: devel
Priority: optional
Homepage: https://github.com/P403n1x87/austin
Description: frame stack sampler for CPython
 austin samples the Python frame stacks of a running CPython process, or of
 a command it launches, at regular intervals, without instrumenting it. It
 reads the interpreter's memory from outside and writes the samples in the
 collapsed stack format for flame graph tools, or in the austin, MOJO, SVG,
 speedscope and pprof formats.
 .
 This is a native (NativeAOT) rewrite in C# that is a drop-in for the C
 austin 0.7.0's command line and takes the C austin 3.x options. It also
 ships austin-tui, a live terminal view, and austin-web, a live flame graph
 served over HTTP.
CONTROL
(cd "$root" && find usr -type f | LC_ALL=C sort | xargs md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
find "$root" -type d -exec chmod 0755 {} +
find "$root" -exec touch -h -d "@$epoch" {} +

mkdir -p "$out"
deb="$out/austin_${version}_$arch.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
