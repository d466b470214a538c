#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds one CPython tag from a CPython git repository (bare or not) into a prefix, for the end-to-end tests,
# which discover every interpreter under $AUSTIN_PYTHONS (default /opt/austin-pythons/<name>/bin/python*).
#
#   native-tests/Support/build-cpython.sh TAG GIT_DIR PREFIX [configure options...]
#
# e.g. (the mirror of the official repository carries every upstream tag):
#   build-cpython.sh v3.14.7 /work/.mirror/sailfishos-mirror+cpython/repo /opt/austin-pythons/3.14.7
#   build-cpython.sh v3.14.7 ... /opt/austin-pythons/3.14.7t --disable-gil
#   build-cpython.sh v3.13.15 ... /opt/austin-pythons/3.13.15d --with-pydebug
#   build-cpython.sh v3.14.7 ... /opt/austin-pythons/3.14.7-static --disable-shared
#
# Shared by default (--enable-shared, with an rpath so that the interpreter finds its libpython without
# LD_LIBRARY_PATH), as distributions ship it; a --disable-shared among the options gives a static build.
# No PGO or LTO: austin reads structures, which optimisation does not move, and a build takes ~5 minutes on
# 2 cores. Run it under 'nice -n 19' on a shared machine. JOBS sets make's -j (default: the number of cores).
set -euo pipefail

die() { echo "build-cpython.sh: $*" >&2; exit 1; }

[ $# -ge 3 ] || die "usage: build-cpython.sh TAG GIT_DIR PREFIX [configure options...]"
tag=$1 git_dir=$2 prefix=$3
shift 3

git --git-dir="$git_dir" rev-parse --verify -q "$tag^{commit}" >/dev/null 2>&1 ||
    git -C "$git_dir" rev-parse --verify -q "$tag^{commit}" >/dev/null 2>&1 ||
    die "$git_dir has no tag $tag"
command -v gcc >/dev/null 2>&1 || command -v cc >/dev/null 2>&1 || die "no C compiler (apt-get install build-essential)"

shared=--enable-shared
for option in "$@"; do
    [ "$option" = --disable-shared ] && shared=
done

work=$(mktemp -d "${TMPDIR:-/tmp}/build-cpython.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "build-cpython.sh: $tag from $git_dir into $prefix ($shared $*)" >&2
# Misc/svnmap.txt and Doc/ (images among them) are excluded: the build needs neither, and partial snapshots of the
# repository lack some of their large blobs (3.15's Doc/library/tachyon-live-mode-1.gif).
exclude=(':(exclude)Misc/svnmap.txt' ':(exclude)Doc')
{ git --git-dir="$git_dir" archive "$tag" "${exclude[@]}" 2>/dev/null ||
    git -C "$git_dir" archive "$tag" "${exclude[@]}"; } | tar -x -C "$work"

cd "$work"
ldflags=""
[ -n "$shared" ] && ldflags="-Wl,-rpath,$prefix/lib"
# Old trees (3.3-3.5) predate gcc 12's defaults: -fcommon keeps their tentative definitions linking, and
# without ensurepip nothing is fetched or installed beyond the interpreter and its standard library.
cflags=""
case "$tag" in
    v2.*|v3.[0-5].*) cflags="-fcommon -Wno-error" ;;
esac
# At their own -O3, gcc 12 miscompiles 3.3 (it segfaults as soon as it runs: make stops at pybuilddir.txt, status
# 139) and 3.4's ctypes (PyCFuncPtr_new segfaults: multiprocessing.Value, which the -C pool test uses); at -O1 both
# run. austin reads structures, which the optimisation level does not move.
opt=()
case "$tag" in
    v3.[34].*) opt=(OPT="-DNDEBUG -g -fwrapv -O1 -Wall") ;;
esac
# shellcheck disable=SC2086 # $shared is one option or none
./configure --prefix="$prefix" $shared --without-ensurepip "${opt[@]}" LDFLAGS="$ldflags" CFLAGS="$cflags" "$@" \
    >"$work/configure.log" 2>&1 || { tail -30 "$work/configure.log" >&2; die "configure failed for $tag"; }
make -j"${JOBS:-$(nproc)}" >"$work/make.log" 2>&1 || { tail -40 "$work/make.log" >&2; die "make failed for $tag"; }
# Installed aside, then moved into place whole: the tests never find half an installation.
make install DESTDIR="$work/stage" >"$work/install.log" 2>&1 || { tail -40 "$work/install.log" >&2; die "make install failed for $tag"; }
mkdir -p "$(dirname "$prefix")"
rm -rf "$prefix"
mv "$work/stage$prefix" "$prefix"

python=$(find "$prefix/bin" -maxdepth 1 -name 'python[23].*' ! -name '*-config' -type f | sort | head -1)
[ -n "$python" ] || die "no interpreter was installed under $prefix/bin"
echo "build-cpython.sh: installed $("$python" -c 'import sys, sysconfig; print(sys.version.split()[0], "free-threaded" if sysconfig.get_config_var("Py_GIL_DISABLED") else "", "debug" if hasattr(sys, "gettotalrefcount") else "")' 2>/dev/null || echo "$python") at $python" >&2
