#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# austin's build: ./build.sh [build|publish|test|run|bench|clean]
#   build (default)  publish the NativeAOT binary for this machine to dist/<rid>/austin and print its size
#   publish          publish every RID this machine can build to dist/<rid>/, and say which it skipped and why;
#                    publish --rid RID builds that one (linux-arm64: installs the cross toolchain when missing)
#   test             build, then run the whole test suite; ends with "N passed, M failed[, K skipped]"
#   run              build, then profile a small bundled Python demo with the system's python3
#   bench            build, then measure austin side by side with Debian's C austin
#   package          build, then write what packages ship beside the binary into dist/package/ (austin.1, the
#                    completions) and the .deb, .rpm and Chocolatey .nupkg into dist/ (the .nupkg holds the NativeAOT
#                    dist/win-x64/austin.exe when present, else a Linux-built self-contained stand-in, labelled so);
#                    reproducible: SOURCE_DATE_EPOCH is the commit's date
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

die() { echo "build.sh: $*" >&2; exit 1; }

host_rid() {
    local os arch
    case "$(uname -s)" in
        Linux) os=linux ;; Darwin) os=osx ;; MINGW*|MSYS*|CYGWIN*) os=win ;; *) die "unsupported OS $(uname -s)" ;;
    esac
    case "$(uname -m)" in
        x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) die "unsupported CPU $(uname -m)" ;;
    esac
    echo "$os-$arch"
}

need_dotnet() {
    command -v dotnet >/dev/null 2>&1 ||
        die "the .NET SDK (10 or later) is missing: install it with Microsoft's script ('curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0', then add ~/.dotnet to PATH) or from Microsoft's package repository (https://learn.microsoft.com/dotnet/core/install/linux; Debian 12 itself has no dotnet package), then re-run"
    local major
    major=$(dotnet --version 2>/dev/null | cut -d. -f1)
    [ "${major:-0}" -ge 10 ] || die "the .NET SDK is $(dotnet --version 2>/dev/null || echo unknown); austin needs 10 or later"
}

need_native_toolchain() {
    # NativeAOT links with the platform's C toolchain (clang or gcc) and needs zlib's headers.
    command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 ||
        die "no C toolchain for the NativeAOT link: install one (e.g. 'apt-get install clang zlib1g-dev' or 'apt-get install build-essential zlib1g-dev')"
}

need_python3() {
    command -v python3 >/dev/null 2>&1 || die "python3 is missing: install it (e.g. 'apt-get install python3') to run the demo"
}

RID=$(host_rid)
DIST="$root/dist/$RID"
BIN="$DIST/austin"

build() {
    publish_rid "$RID"
}

# The NativeAOT binary for one RID into dist/<rid>/ (the host's, or linux-arm64 cross-compiled on linux-x64).
publish_rid() {
    local rid=$1 dist="$root/dist/$1"
    need_dotnet
    need_native_toolchain
    [ "$rid" = "$RID" ] || need_cross_toolchain "$rid"
    echo "build.sh: publishing the NativeAOT binary for $rid" >&2
    # shellcheck disable=SC2086 # AUSTIN_BUILD_FLAGS holds MSBuild properties, one word each
    dotnet publish "$root/austin.csproj" -c Release -r "$rid" -o "$dist" --nologo -v quiet -p:WarningLevel=4 ${AUSTIN_BUILD_FLAGS:-} >&2
    rm -f "$dist"/*.dbg "$dist"/*.pdb
    [ -x "$dist/austin" ] || die "publish produced no $dist/austin"
    # The live views are the same binary under other names (austin-tui, austin-web): it reads its argv[0].
    ln -sf austin "$dist/austin-tui"
    ln -sf austin "$dist/austin-web"
    echo "build.sh: $dist/austin is $(stat -c %s "$dist/austin") bytes" >&2
}

# Why a RID cannot be built on this machine (empty when it can). NativeAOT compiles for another CPU of the same
# OS with a cross linker and the target's C library; it never compiles for another OS.
cannot_build() {
    local rid=$1
    [ "$rid" = "$RID" ] && return 0
    case "$RID:$rid" in
        linux-x64:linux-arm64) ;;
        *:win-*) echo "NativeAOT does not compile for Windows from $RID (\"Cross-OS native compilation is not supported\"; the link needs MSVC): build.ps1 publishes it on Windows" ;;
        *:osx-*) echo "NativeAOT does not compile for macOS from $RID (its runtime packs for osx are not served here, and the link needs Apple's ld): ./build.sh publish on a Mac builds it; the test suite compiles the macOS layer with 'dotnet build -r $rid'" ;;
        *) echo "no cross toolchain for $rid on $RID is known to build.sh" ;;
    esac
}

# clang and lld link for the other CPU, against the GNU cross toolchain's libgcc and the target's glibc
# (Debian: clang lld gcc-aarch64-linux-gnu libc6-dev-arm64-cross). Installed with apt-get when missing.
need_cross_toolchain() {
    local rid=$1 missing=()
    case "$rid" in
        linux-arm64)
            command -v clang >/dev/null 2>&1 || missing+=(clang)
            command -v ld.lld >/dev/null 2>&1 || missing+=(lld)
            command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || missing+=(gcc-aarch64-linux-gnu)
            [ -e /usr/aarch64-linux-gnu/lib/libc.so ] || missing+=(libc6-dev-arm64-cross)
            ;;
        *) die "cannot build $rid here: $(cannot_build "$rid")" ;;
    esac
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        die "the cross toolchain for $rid is missing (${missing[*]}): install it ('apt-get install ${missing[*]}' as root), then re-run"
    fi
    echo "build.sh: installing the cross toolchain for $rid: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    timeout 900 apt-get install -y -qq "${missing[@]}" >/dev/null ||
        { timeout 600 apt-get update -qq >/dev/null || true; timeout 900 apt-get install -y -qq "${missing[@]}" >/dev/null; } ||
        die "could not install ${missing[*]} for $rid"
}

# Every RID austin has a platform layer for: the ones this machine can build, then the ones it skips and why.
ALL_RIDS="linux-x64 linux-arm64 win-x64 osx-x64 osx-arm64"

publish() {
    if [ "${1:-}" = "--rid" ]; then
        [ -n "${2:-}" ] || die "publish --rid needs a RID (one of: $ALL_RIDS)"
        case " $ALL_RIDS " in *" $2 "*) ;; *) die "unknown RID '$2' (one of: $ALL_RIDS)" ;; esac
        publish_rid "$2"
        return
    fi
    [ -z "${1:-}" ] || die "publish takes --rid RID or nothing, not '$1'"
    local rid why built=() skipped=()
    for rid in $ALL_RIDS; do
        why=$(cannot_build "$rid")
        if [ -n "$why" ]; then skipped+=("$rid: $why"); continue; fi
        publish_rid "$rid"
        built+=("$rid")
    done
    echo "build.sh: published ${built[*]} into dist/" >&2
    for why in "${skipped[@]}"; do echo "build.sh: skipped $why" >&2; done
}

# Installs what the end-to-end tests need and this machine lacks (nothing is installed by hand).
test_prerequisites() {
    local missing=()
    command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
    # The terminal view (austin-tui) is tested in tmux.
    command -v tmux >/dev/null 2>&1 || missing+=(tmux)
    # The real viewers of the picture formats: Chromium opens our SVG and speedscope's viewer, go tool pprof reads pprof.
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v go >/dev/null 2>&1 || missing+=(golang-go)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    # The packaging tests: the man page through groff and man, the completions in bash, the .deb through lintian.
    command -v groff >/dev/null 2>&1 || missing+=(groff)
    command -v man >/dev/null 2>&1 || missing+=(man-db)
    [ -f /usr/share/bash-completion/bash_completion ] || missing+=(bash-completion)
    command -v zsh >/dev/null 2>&1 || missing+=(zsh)
    command -v fish >/dev/null 2>&1 || missing+=(fish)
    command -v dpkg-deb >/dev/null 2>&1 || missing+=(dpkg)
    command -v lintian >/dev/null 2>&1 || missing+=(lintian)
    command -v rpmbuild >/dev/null 2>&1 || missing+=(rpm)
    command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
    if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "build.sh: installing what the tests need: ${missing[*]}" >&2
        DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq "${missing[@]}" >/dev/null ||
            { timeout 600 apt-get update -qq >/dev/null || true
              DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq "${missing[@]}" >/dev/null || true; }
    elif [ ${#missing[@]} -gt 0 ]; then
        echo "build.sh: ${missing[*]} missing and cannot be installed here (needs root and apt-get): the tests that need them will fail;" \
            "run 'apt-get install ${missing[*]}' as root" >&2
    fi
    install_c_austin
    install_windows_tools
    install_powershell
    install_viewers
}

# PowerShell 7, as the dotnet tool (from NuGet): the tests run build.ps1's verbs that make sense on Linux.
install_powershell() {
    command -v pwsh >/dev/null 2>&1 && return 0
    [ -x "$HOME/.dotnet/tools/pwsh" ] && return 0
    echo "build.sh: installing PowerShell 7 (dotnet tool install --global PowerShell) for the build.ps1 tests" >&2
    timeout 600 dotnet tool install --global PowerShell --version 7.6.9 >/dev/null ||
        echo "build.sh: could not install PowerShell: the build.ps1 tests will be skipped" >&2
}

# Wine and MinGW-w64: the Windows tests (the LLP64 layouts measured by the ABI probe compiled for Windows, the PE
# reader on a linked DLL, the win-x64 build of austin sampling a synthetic target) build Windows programs with
# MinGW-w64 and run them under Wine. Without them those tests are skipped, each saying why.
install_windows_tools() {
    local missing=()
    command -v wine >/dev/null 2>&1 || missing+=(wine wine64)
    command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || missing+=(mingw-w64)
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "build.sh: ${missing[*]} missing and cannot be installed here (needs root and apt-get): the Windows tests will be skipped" >&2
        return 0
    fi
    echo "build.sh: installing ${missing[*]} for the Windows tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! timeout 900 apt-get install -y -qq "${missing[@]}" >/dev/null; then
        timeout 600 apt-get update -qq >/dev/null || true
        timeout 900 apt-get install -y -qq "${missing[@]}" >/dev/null ||
            echo "build.sh: could not install ${missing[*]}: the Windows tests will be skipped" >&2
    fi
}

# speedscope's viewer (the npm package, pinned in native-tests/Support/Viewers/package-lock.json), which the
# end-to-end test of the speedscope format loads our file into.
install_viewers() {
    local viewers="$root/native-tests/Support/Viewers"
    [ -f "$viewers/node_modules/speedscope/dist/release/index.html" ] && return 0
    if ! command -v npm >/dev/null 2>&1; then
        echo "build.sh: npm is missing: the speedscope viewer test will fail; run 'apt-get install npm' as root" >&2
        return 0
    fi
    (cd "$viewers" && timeout 300 npm ci --no-audit --no-fund --loglevel=error >/dev/null) ||
        echo "build.sh: npm ci in $viewers failed: the speedscope viewer test will fail" >&2
}

# Debian's C austin 1.0.1 at /usr/bin/austin: what the differential tests (native-tests/EndToEnd/Differential/)
# run every command line through besides ours. When it cannot be installed, those tests fail and say why.
install_c_austin() {
    [ -x /usr/bin/austin ] && return 0
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "build.sh: /usr/bin/austin (Debian's C austin) is missing and cannot be installed here (needs root and apt-get):" \
            "the differential tests will fail; run 'apt-get install austin' as root" >&2
        return 0
    fi
    echo "build.sh: /usr/bin/austin is missing: installing Debian's austin package for the differential tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! timeout 600 apt-get install -y -qq austin >/dev/null; then
        echo "build.sh: apt-get install austin failed: running apt-get update, then trying again" >&2
        timeout 600 apt-get update -qq >/dev/null || true
        timeout 600 apt-get install -y -qq austin >/dev/null ||
            echo "build.sh: could not install austin: the differential tests will fail" >&2
    fi
}

run_tests() {
    build
    test_prerequisites
    local results="$root/native-tests/TestResults"
    rm -rf "$results"
    local status=0
    AUSTIN_BIN="$BIN" AUSTIN_TEST_REPORT_DIR="$results" dotnet test "$root/native-tests/austin.Tests.csproj" -c Release --nologo \
        --logger "trx;LogFileName=results.trx" --results-directory "$results" \
        --logger "console;verbosity=normal" || status=$?
    local trx="$results/results.trx"
    if [ ! -f "$trx" ]; then
        echo "0 passed, 0 failed"
        die "the test run produced no results (build failure?)"
    fi
    report_failures "$trx"
    local counters total passed failed skipped
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
    total=$(get total); passed=$(get passed); failed=$(( $(get failed) + $(get error) + $(get timeout) + $(get aborted) ))
    skipped=$(( total - passed - failed ))
    per_interpreter "$trx" "$results/interpreters.txt"
    echo "$passed passed, $failed failed, $skipped skipped"
    if [ "${total:-0}" -eq 0 ] || [ "${passed:-0}" -eq 0 ]; then
        echo "build.sh: no test was executed" >&2
        exit 1
    fi
    [ "$failed" -eq 0 ] && [ "$status" -eq 0 ] || exit 1
}

# Which interpreters the run tested and skipped (the suite writes interpreters.txt), and each one's pass and fail
# counts: the tests that run on an interpreter carry its name first in their last parentheses ("Test(3.14.7t built)",
# "Test(3.12.1 pyenv, -s)").
per_interpreter() {
    local trx=$1 list=$2
    [ -f "$list" ] && sed 's/^/build.sh: /' "$list" >&2
    grep -o '<UnitTestResult [^>]*>' "$trx" |
        sed -n 's/.*testName="[^"]*(\([0-9][0-9.]*[td]* [^),"]*\)[^)"]*)" .*outcome="\([A-Za-z]*\)".*/\1|\2/p' |
        awk -F'|' '{ n[$1]++; if ($2 == "Passed") p[$1]++; else if ($2 == "Failed") f[$1]++ }
            END { for (k in n) printf "build.sh: %-40s %4d passed, %d failed, %d not run\n", k, p[k], f[k], n[k] - p[k] - f[k] }' |
        sort -V >&2 || true
}

# The failed tests' names and the first lines of their messages, just above the summary line, so that a log that
# keeps only its end still says what failed.
report_failures() {
    command -v python3 >/dev/null 2>&1 || return 0
    python3 - "$1" <<'PY' || true
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
failed = [r for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns)
          if r.get("outcome") not in ("Passed", "NotExecuted")]
for r in failed:
    message = r.findtext("t:Output/t:ErrorInfo/t:Message", "", ns).strip().splitlines()
    print(f"FAILED {r.get('testName')} ({r.get('outcome')})")
    for line in message[:20]:
        print(f"    {line}")
PY
}

run_demo() {
    build
    need_python3
    local py
    py=$(command -v python3)
    echo "build.sh: profiling native-tests/Targets/demo.py with $py (austin -i 1000); collapsed samples follow" >&2
    "$BIN" -i 1000 "$py" "$root/native-tests/Targets/demo.py"
}

# The commit's date, for everything a package stamps (man page date, file times, changelog): two builds of one
# commit give the same bytes. An explicit SOURCE_DATE_EPOCH wins; outside git, 0.
source_date_epoch() {
    if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then echo "$SOURCE_DATE_EPOCH"; return; fi
    git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0
}

package() {
    build
    SOURCE_DATE_EPOCH=$(source_date_epoch)
    export SOURCE_DATE_EPOCH
    "$root/src/Packaging/files.sh" "$BIN" "$root/dist/package"
    command -v dpkg-deb >/dev/null 2>&1 || die "dpkg-deb is missing: install it ('apt-get install dpkg') to build the .deb"
    local deb
    deb=$("$root/src/Packaging/deb.sh" "$BIN" "$root/dist/package" "$root/dist")
    echo "build.sh: $deb is $(stat -c %s "$deb") bytes, sha256 $(sha256sum "$deb" | cut -d' ' -f1)" >&2
    if command -v rpmbuild >/dev/null 2>&1; then
        local rpm
        rpm=$("$root/src/Packaging/rpm.sh" "$BIN" "$root/dist/package" "$root/dist")
        echo "build.sh: $rpm is $(stat -c %s "$rpm") bytes, sha256 $(sha256sum "$rpm" | cut -d' ' -f1)" >&2
    else
        echo "build.sh: rpmbuild is missing ('apt-get install rpm'): no .rpm" >&2
    fi
    # The snap is built by snapcraft from the recipe (not here: it needs snapd and LXD or Multipass).
    install -D -m 0644 "$root/src/Packaging/snap/snapcraft.yaml" "$root/dist/snap/snapcraft.yaml"
    echo "build.sh: dist/snap/snapcraft.yaml: build the snap with 'snapcraft' in a clone with it copied to snap/" >&2
    # Chocolatey's package holds the win-x64 binary: the NativeAOT austin.exe when one was put in dist/win-x64/
    # (build.ps1 publish on Windows makes it), else the stand-in Linux can build, labelled so in the package.
    local exe="$root/dist/win-x64/austin.exe" nupkg
    if [ -f "$exe" ]; then
        nupkg=$(python3 "$root/src/Packaging/choco.py" "$exe" "$root/dist")
        echo "build.sh: $nupkg holds the NativeAOT $exe" >&2
    else
        echo "build.sh: no NativeAOT $exe (build.ps1 publish on Windows makes it): publishing the Linux-built stand-in," \
            "self-contained single-file (not NativeAOT), for the Chocolatey package" >&2
        exe=$("$root/src/Packaging/win-standin.sh" "$root/dist/win-x64-wine")
        echo "build.sh: $exe is $(stat -c %s "$exe") bytes" >&2
        nupkg=$(python3 "$root/src/Packaging/choco.py" --stand-in "$exe" "$root/dist")
        echo "build.sh: $nupkg holds the Linux-built stand-in $exe, and says so in its release notes" >&2
    fi
    echo "build.sh: $nupkg is $(stat -c %s "$nupkg") bytes, sha256 $(sha256sum "$nupkg" | cut -d' ' -f1)" >&2
}

case "${1:-build}" in
    build) build ;;
    publish) shift; publish "$@" ;;
    test) run_tests ;;
    run) run_demo ;;
    package) package ;;
    bench) build; exec "$root/native-tests/Bench/bench.sh" "$BIN" ;;
    clean) rm -rf "$root/dist" "$root/bin" "$root/obj" "$root/native-tests/bin" "$root/native-tests/obj" "$root/native-tests/TestResults" ;;
    *) die "unknown verb '$1' (use build, publish, test, run, bench, package or clean)" ;;
esac
