#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Measures austin (BIN) side by side with Debian's C austin 1.0.1 and, when AUSTIN_C3 names one, the C austin 3.7;
# see README.md beside this script.
#   native-tests/Bench/bench.sh BIN
# Settings (environment):
#   BENCH_ROUNDS=5       rounds; every figure is a median over them (5 or more for the report)
#   BENCH_SECONDS=2      length of each attach run, in seconds
#   BENCH_UNITS=220      size of the launch-mode workload (about 2 s on CPython 3.8-3.10 here)
#   BENCH_DEPTH=40       depth of the attach target's stack
#   BENCH_INTERVAL=10    sampling interval of the attach runs, in microseconds
#   BENCH_FASTEST=1      also attach at -i 0 (as fast as each sampler can: the cost of a sample itself, table 2b);
#                        0 leaves those runs out
#   BENCH_PYTHONS='2.7 3.8 3.9 3.10 3.11 3.12 3.13 /usr/bin/python3.11'
#                        interpreters: X.Y or X.Y.Z (pyenv) or a path; the C austin is measured on
#                        those it can sample (probed first), ours on all of them
#   BENCH_PROBE=...      interpreters probed for the compatibility table (default: every pyenv
#                        version, /usr/bin/python3.11 and BENCH_PYTHONS)
#   BENCH_C=/usr/bin/austin   the C austin
#   BENCH_OUT=FILE       also write the Markdown report to FILE
#   BENCH_TIMEOUT=60     seconds after which a launch run is killed
#   BENCH_PIN=1          launch runs: the workload on CPU 1 (moved there 100 ms after it starts), the sampler on CPU 0;
#                        0 leaves both to the scheduler (default 1 on a machine with 2 or more CPUs)
#   BENCH_KEEP=1         keep the work directory (raw records) and say where it is
#   AUSTIN_C3=PATH       a C austin 3.7 built from its source: measured in the same rounds as the other two, on the
#                        interpreters the probe finds it can sample, and on the -C pool; compare_c3.sh then also
#                        compares the two by difference. Without it both are skipped, with one message.
#   BENCH_COMPARE=0      skip compare_c3.sh (the comparison by difference) even with AUSTIN_C3
#   BENCH_POOL_PYTHONS='3.11'  interpreters of the -C pool runs (ours and the C austin 3.7)
#   BENCH_POOL_PROCS=8   child processes in the pool (pool.py), besides its parent
#   BENCH_POOL_BUSY=100  percent of each 10 ms that each child computes (the rest it sleeps, at the same depth)
#   BENCH_POOL_INTERVAL=100   the sampling interval of the pool runs, in microseconds
# The report goes to standard output, progress to standard error.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

die() { echo "bench.sh: $*" >&2; exit 1; }
say() { echo "bench.sh: $*" >&2; }

[ $# -eq 1 ] || die "usage: bench.sh BIN (the austin binary to measure, e.g. dist/linux-x64/austin)"
[ -x "$1" ] || die "$1 is not an executable file"
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")

int_setting() { # name default minimum
    local v=${!1:-$2}
    [[ "$v" =~ ^[0-9]+$ ]] && [ "$v" -ge "$3" ] || die "$1 must be an integer >= $3 (got '$v')"
    echo "$v"
}
ROUNDS=$(int_setting BENCH_ROUNDS 5 1)
SECS=$(int_setting BENCH_SECONDS 2 1)
UNITS=$(int_setting BENCH_UNITS 220 1)
DEPTH=$(int_setting BENCH_DEPTH 40 3)
INTERVAL=$(int_setting BENCH_INTERVAL 10 1)
FASTEST=$(int_setting BENCH_FASTEST 1 0)
PIN=$(int_setting BENCH_PIN "$([ "$(nproc)" -ge 2 ] && echo 1 || echo 0)" 0)
pin=(); [ "$PIN" = 1 ] && pin=(--pin)
TIMEOUT=$(int_setting BENCH_TIMEOUT 60 5)
POOL_PROCS=$(int_setting BENCH_POOL_PROCS 8 1)
POOL_BUSY=$(int_setting BENCH_POOL_BUSY 100 1)
[ "$POOL_BUSY" -le 100 ] || die "BENCH_POOL_BUSY must be a percentage (got '$POOL_BUSY')"
POOL_INTERVAL=$(int_setting BENCH_POOL_INTERVAL 100 1)
POOL_PYTHONS=${BENCH_POOL_PYTHONS-3.11}
PYTHONS=${BENCH_PYTHONS:-2.7 3.8 3.9 3.10 3.11 3.12 3.13 /usr/bin/python3.11}
C=${BENCH_C:-/usr/bin/austin}
OUT=${BENCH_OUT:-}
[ "$ROUNDS" -ge 5 ] || say "warning: BENCH_ROUNDS=$ROUNDS; the brief's figures are medians of 5 rounds or more"

command -v python3 >/dev/null 2>&1 || die "python3 is missing: install it (e.g. 'apt-get install python3')"
# The real interpreter, not a pyenv shim: a shim costs a bash start-up at every run.
PY3=$(timeout 60 python3 -c 'import sys; print(sys.executable)')
"$PY3" -c 'import sys; sys.exit(sys.version_info < (3, 6))' || die "python3 must be 3.6 or later"

# --- Debian's C austin -------------------------------------------------------------------
if [ ! -x "$C" ] && [ "$C" = /usr/bin/austin ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "/usr/bin/austin is missing: installing Debian's austin package (apt-get install -y austin)"
        export DEBIAN_FRONTEND=noninteractive
        if ! timeout 600 apt-get install -y -qq austin >&2; then
            say "apt-get install failed: running apt-get update, then trying again"
            timeout 600 apt-get update -qq >&2 || true
            timeout 600 apt-get install -y -qq austin >&2 || say "could not install austin"
        fi
    else
        say "/usr/bin/austin is missing and cannot be installed here (needs root and apt-get): run 'apt-get install austin' as root"
    fi
fi
if [ -x "$C" ]; then
    HAVE_C=1
else
    HAVE_C=0
    say "no C austin at $C: measuring ours alone"
fi

# --- the C austin 3.7 (optional) ----------------------------------------------------------
C3=${AUSTIN_C3:-}
HAVE_C3=0
if [ -z "$C3" ]; then
    say "AUSTIN_C3 is not set: the C austin 3.7 is not measured (set it to a C austin 3.7 binary built from its source)"
elif [ ! -x "$C3" ]; then
    say "AUSTIN_C3=$C3 is not an executable file: the C austin 3.7 is not measured"
else
    C3=$(cd "$(dirname "$C3")" && pwd)/$(basename "$C3")
    HAVE_C3=1
    case "$(timeout 10 "$C3" -V 2>&1 | head -1)" in
        *3.7.*) ;;
        *) say "warning: AUSTIN_C3=$C3 says '$(timeout 10 "$C3" -V 2>&1 | head -1)', not 3.7" ;;
    esac
fi
declare -A SAMPLER=([ours]=$BIN [c]=$C [c3]=$C3)
WHOS=(ours)
[ "$HAVE_C" = 1 ] && WHOS+=(c)
[ "$HAVE_C3" = 1 ] && WHOS+=(c3)

# --- work directory, clean-up ------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/austin-bench.XXXXXX")
export BENCH_PIDFILE="$work/groups"
: > "$BENCH_PIDFILE"
child=""
cleanup() {
    local status=$?
    trap - EXIT INT TERM HUP
    # The running helper kills what it started; if it cannot, its process groups are listed in $BENCH_PIDFILE.
    if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
        kill -TERM "$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
    fi
    local g
    while read -r g; do
        [ -n "$g" ] && kill -KILL -- "-$g" 2>/dev/null || true
    done < "$BENCH_PIDFILE"
    if [ "${BENCH_KEEP:-0}" = 1 ]; then say "work directory kept: $work"; else rm -rf "$work"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# The targets run from the work directory: the same path length (so the same sample sizes)
# from any clone.
cp "$here/deep.py" "$here/workload.py" "$here/pool.py" "$work/"
DEEP="$work/deep.py"
WORKLOAD="$work/workload.py"
POOL="$work/pool.py"

# Runs the helper in the background (so that the traps run at once) and appends its record.
measure() { # records_file args...
    local file=$1; shift
    "$PY3" "$here/measure.py" "$@" --workdir "$work" >> "$file" &
    child=$!
    wait "$child" || say "measure.py failed ($*)"
    child=""
}

# --- interpreters ------------------------------------------------------------------------
pyenv_root=${PYENV_ROOT:-}
[ -n "$pyenv_root" ] || pyenv_root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")

resolve() { # spec -> interpreter path, or nothing
    local spec=$1
    if [[ "$spec" == */* ]]; then
        [ -x "$spec" ] && echo "$spec"
        return 0
    fi
    local d
    d=$(ls -d "$pyenv_root/versions/$spec" "$pyenv_root/versions/$spec".* 2>/dev/null | grep -E "/$spec(\.[0-9]+)?$" | sort -V | tail -1 || true)
    [ -n "$d" ] && [ -x "$d/bin/python" ] && echo "$d/bin/python"
    return 0
}

label_of() { # interpreter path -> label: its version, plus the path when not a pyenv one
    local v
    v=$(timeout 30 "$1" -c 'import sys; sys.stdout.write("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null) || v="?"
    case "$1" in
        "$pyenv_root"/versions/*) echo "$v" ;;
        *) echo "$v $1" ;;
    esac
}

declare -a BENCH_PATHS=() BENCH_LABELS=() PROBE_PATHS=() POOL_PATHS=() POOL_LABELS=()
declare -A LABEL_OF=()
add_unique() { # array-name path
    local -n arr=$1
    local p
    for p in "${arr[@]+"${arr[@]}"}"; do [ "$p" = "$2" ] && return 0; done
    arr+=("$2")
}
for spec in $PYTHONS; do
    p=$(resolve "$spec")
    if [ -z "$p" ]; then say "skipping $spec: no such interpreter (pyenv root $pyenv_root)"; continue; fi
    add_unique BENCH_PATHS "$p"
done
[ ${#BENCH_PATHS[@]} -gt 0 ] || die "none of the interpreters in BENCH_PYTHONS ($PYTHONS) is installed"
if [ -n "${BENCH_PROBE:-}" ]; then
    for spec in $BENCH_PROBE; do p=$(resolve "$spec"); [ -n "$p" ] && add_unique PROBE_PATHS "$p"; done
else
    for d in $(ls -d "$pyenv_root"/versions/*/ 2>/dev/null | sort -V); do
        [ -x "$d/bin/python" ] && add_unique PROBE_PATHS "${d%/}/bin/python"
    done
    [ -x /usr/bin/python3.11 ] && add_unique PROBE_PATHS /usr/bin/python3.11
fi
for p in "${BENCH_PATHS[@]}"; do add_unique PROBE_PATHS "$p"; done
for spec in $POOL_PYTHONS; do
    p=$(resolve "$spec")
    if [ -z "$p" ]; then say "skipping $spec for the -C pool: no such interpreter"; continue; fi
    add_unique POOL_PATHS "$p"
    add_unique PROBE_PATHS "$p"
done
for p in "${PROBE_PATHS[@]}"; do LABEL_OF[$p]=$(label_of "$p"); done
for p in "${BENCH_PATHS[@]}"; do BENCH_LABELS+=("${LABEL_OF[$p]}"); done
for p in "${POOL_PATHS[@]+"${POOL_PATHS[@]}"}"; do POOL_LABELS+=("${LABEL_OF[$p]}"); done

# --- header ------------------------------------------------------------------------------
cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)
cores=$(nproc)
kernel="$(uname -r) $(uname -m)"
date_utc=$(date -u '+%Y-%m-%d %H:%M UTC')
ours_version=$(timeout 10 "$BIN" -V 2>&1 | head -1 || true)
ours_commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "no git")
if [ -n "$(git -C "$root" status --porcelain --untracked-files=no -- src 2>/dev/null)" ]; then ours_commit="$ours_commit + uncommitted changes in src/"; fi
c_version=$([ "$HAVE_C" = 1 ] && timeout 10 "$C" -V 2>&1 | head -1 || echo "absent")
c_package=$(dpkg-query -W -f='${Version}' austin 2>/dev/null || echo "not installed")
c3_version=$([ "$HAVE_C3" = 1 ] && timeout 10 "$C3" -V 2>&1 | head -1 || echo "absent")
load() { cut -d' ' -f1-3 /proc/loadavg; }
load_start=$(load)
say "machine: $cpu, $cores logical CPUs, Linux $kernel; load $load_start"
say "ours: $BIN ($ours_version, $ours_commit); C 1.0.1: $C ($c_version); C 3.7: ${C3:-not set} ($c3_version)"
say "$ROUNDS rounds; attach ${SECS}s at -i $INTERVAL, depth $DEPTH; workload $UNITS units; work directory $work"

# --- probe: which interpreters each sampler can sample -----------------------------------
PROBE_SECS=1
probes="$work/probes.jsonl"
: > "$probes"
# WORKS[who:label] is set when the sampler returned full-depth samples there; ours is measured everywhere.
declare -A WORKS=()
for p in "${PROBE_PATHS[@]}"; do
    lab=${LABEL_OF[$p]}
    for who in "${WHOS[@]}"; do
        measure "$probes" attach "${SAMPLER[$who]}" "$p" "$DEEP" --depth "$DEPTH" --seconds "$PROBE_SECS" --interval 1000 \
            --stop-grace 5 --tag "label=$lab" --tag "who=$who" --say "probe $lab $who: "
        if tail -1 "$probes" | "$PY3" -c 'import json,sys; r=json.loads(sys.stdin.read()); sys.exit(not (r["ok"] and r["who"] == sys.argv[1] and r["full"] > 0))' "$who"; then
            WORKS[$who:$lab]=1
        fi
    done
done
compared=() compared_c3=() pool_c3=()
for lab in "${BENCH_LABELS[@]}"; do
    [ -n "${WORKS[c:$lab]:-}" ] && compared+=("$lab")
    [ -n "${WORKS[c3:$lab]:-}" ] && compared_c3+=("$lab")
done
for lab in "${POOL_LABELS[@]+"${POOL_LABELS[@]}"}"; do [ -n "${WORKS[c3:$lab]:-}" ] && pool_c3+=("$lab"); done
[ "$HAVE_C" = 1 ] && say "the C austin 1.0.1 is compared on: ${compared[*]:-none}"
[ "$HAVE_C3" = 1 ] && say "the C austin 3.7 is compared on: ${compared_c3[*]:-none}; on the -C pool: ${pool_c3[*]:-none}"

# --- rounds ------------------------------------------------------------------------------
records="$work/records.jsonl"
: > "$records"
for i in "${!BENCH_PATHS[@]}"; do
    p=${BENCH_PATHS[$i]}
    lab=${BENCH_LABELS[$i]}
    here_whos=(ours)
    for who in c c3; do [ -n "${WORKS[$who:$lab]:-}" ] && here_whos+=("$who"); done
    for ((r = 1; r <= ROUNDS; r++)); do
        # Attach: the samplers in an order rotated by one place every round, so that each is first in turn.
        n=${#here_whos[@]}
        for ((k = 0; k < n; k++)); do
            who=${here_whos[$(((k + r - 1) % n))]}
            measure "$records" attach "${SAMPLER[$who]}" "$p" "$DEEP" --depth "$DEPTH" --seconds "$SECS" --interval "$INTERVAL" \
                --tag "label=$lab" --tag "who=$who" --tag "round=$r" --say "[$lab $r/$ROUNDS] attach $who: "
            # -i 0: no wait between samples, so CPU per sample is the sample's own cost (at -i 10 a sampler faster
            # than the interval also pays for its waits: a sleep, or a spin where a sleep would wake too late).
            if [ "$FASTEST" = 1 ]; then
                measure "$records" attach "${SAMPLER[$who]}" "$p" "$DEEP" --depth "$DEPTH" --seconds "$SECS" --interval 0 \
                    --tag "label=$lab" --tag "who=$who" --tag "round=$r" --tag "config=i0" --say "[$lab $r/$ROUNDS] attach -i 0 $who: "
            fi
        done
        # Launch: the workload alone and under each sampler at -i 100 and at the default interval,
        # in an order rotated by one place every round.
        configs=(none)
        for who in "${here_whos[@]}"; do configs+=("$who:i100"); done
        for who in "${here_whos[@]}"; do configs+=("$who:default"); done
        n=${#configs[@]}
        for ((k = 0; k < n; k++)); do
            cfg=${configs[$(((k + r - 1) % n))]}
            who=${cfg%%:*}; mode=${cfg#*:}
            s=none; [ "$who" != none ] && s=${SAMPLER[$who]}
            args=(); tags=(--tag "label=$lab" --tag "who=$who" --tag "round=$r")
            if [ "$who" != none ]; then
                tags+=(--tag "config=$mode")
                [ "$mode" = i100 ] && args=(--interval 100)
            fi
            measure "$records" launch "$s" "$p" "$WORKLOAD" --units "$UNITS" --timeout "$TIMEOUT" "${pin[@]+"${pin[@]}"}" "${args[@]+"${args[@]}"}" \
                "${tags[@]}" --say "[$lab $r/$ROUNDS] launch $who${mode:+ }$([ "$who" = none ] || echo "$mode"): "
        done
    done
done

# --- the -C pool: ours and the C austin 3.7, alternating -------------------------------------
for i in "${!POOL_PATHS[@]}"; do
    p=${POOL_PATHS[$i]}
    lab=${POOL_LABELS[$i]}
    pool_whos=(ours); [ -n "${WORKS[c3:$lab]:-}" ] && pool_whos+=(c3)
    for ((r = 1; r <= ROUNDS; r++)); do
        n=${#pool_whos[@]}
        for ((k = 0; k < n; k++)); do
            who=${pool_whos[$(((k + r - 1) % n))]}
            measure "$records" pool "${SAMPLER[$who]}" "$p" "$POOL" --procs "$POOL_PROCS" --busy "$POOL_BUSY" \
                --seconds "$SECS" --interval "$POOL_INTERVAL" \
                --tag "label=$lab" --tag "who=$who" --tag "round=$r" --say "[$lab $r/$ROUNDS] pool -C $who: "
        done
    done
done

# --- report ------------------------------------------------------------------------------
rel() { case "$1" in "$root"/*) echo "${1#"$root"/}" ;; *) echo "$1" ;; esac; }
commands=(
    "# the whole benchmark, from the repository root (builds, then runs this script):"
    "BENCH_ROUNDS=$ROUNDS BENCH_SECONDS=$SECS BENCH_UNITS=$UNITS BENCH_DEPTH=$DEPTH BENCH_INTERVAL=$INTERVAL BENCH_PYTHONS='$PYTHONS' ./build.sh bench"
    "# or on a given binary:  native-tests/Bench/bench.sh $(rel "$BIN")"
    "# one attach run (tables 1, 2, 4): start the target, wait for 'ready', attach, SIGINT after ${SECS} s"
    "python3 native-tests/Bench/measure.py attach $(rel "$BIN") PYTHON native-tests/Bench/deep.py --workdir /tmp --depth $DEPTH --seconds $SECS --interval $INTERVAL"
    "#   = PYTHON deep.py $DEPTH $((SECS + 30)) & (wait for 'ready');  austin -i $INTERVAL -p \$! > samples;  kill -INT after $SECS s"
    "# one launch run (table 3): the workload alone, then under austin at -i 100 and at the default interval"
    "PYTHON native-tests/Bench/workload.py $UNITS"
    "$(rel "$BIN") -i 100 PYTHON native-tests/Bench/workload.py $UNITS > samples"
    "$(rel "$BIN") PYTHON native-tests/Bench/workload.py $UNITS > samples"
    "# (the same with $C and \$AUSTIN_C3 for the C austins; measure.py launch ... runs and times one of them)"
    "# one -C pool run (table 6): a parent and $POOL_PROCS children busy $POOL_BUSY % of the time; austin -C -i $POOL_INTERVAL -p PARENT, SIGINT after $SECS s"
    "python3 native-tests/Bench/measure.py pool $(rel "$BIN") PYTHON native-tests/Bench/pool.py --workdir /tmp --procs $POOL_PROCS --busy $POOL_BUSY --seconds $SECS --interval $POOL_INTERVAL"
)
meta="$work/meta.json"
nl() { local IFS=$'\n'; echo "$*"; }
"$PY3" -c '
import json, sys
a = sys.argv[2:]
m = dict(zip(a[::2], a[1::2]))
for k in ("labels", "compared", "compared_c3", "pool_labels", "pool_c3", "commands"):
    m[k] = [x for x in m[k].split("\n") if x]
json.dump(m, open(sys.argv[1], "w"), indent=1)
' "$meta" \
    date "$date_utc" cpu "$cpu" cores "$cores" kernel "$kernel" load_start "$load_start" load_end "$(load)" \
    ours "$(rel "$BIN")" ours_version "$ours_version" ours_commit "$ours_commit" ours_size "$(stat -c %s "$BIN")" \
    c "$C" c_version "$c_version" c_package "$c_package" c_size "$([ "$HAVE_C" = 1 ] && stat -c %s "$C" || echo 0)" \
    have_c "$HAVE_C" have_c3 "$HAVE_C3" c3 "$C3" c3_version "$c3_version" c3_size "$([ "$HAVE_C3" = 1 ] && stat -c %s "$C3" || echo 0)" \
    pool_procs "$POOL_PROCS" pool_busy "$POOL_BUSY" pool_interval "$POOL_INTERVAL" \
    rounds "$ROUNDS" seconds "$SECS" units "$UNITS" depth "$DEPTH" attach_interval "$INTERVAL" probe_seconds "$PROBE_SECS" pinned "$PIN" \
    labels "$(nl "${BENCH_LABELS[@]}")" compared "$(nl "${compared[@]+"${compared[@]}"}")" \
    compared_c3 "$(nl "${compared_c3[@]+"${compared_c3[@]}"}")" pool_labels "$(nl "${POOL_LABELS[@]+"${POOL_LABELS[@]}"}")" \
    pool_c3 "$(nl "${pool_c3[@]+"${pool_c3[@]}"}")" commands "$(nl "${commands[@]}")"

report="$work/report.md"
"$PY3" "$here/report.py" "$meta" "$probes" "$records" > "$report"
if [ -n "$OUT" ]; then
    cp "$report" "$OUT"
    say "report written to $OUT"
fi
cat "$report"

# --- the C austin 3.7, by difference (skipped without AUSTIN_C3: said once, at the start) ---
if [ "$HAVE_C3" = 1 ] && [ "${BENCH_COMPARE:-1}" = 1 ]; then
    echo
    AUSTIN_C3=$C3 "$here/compare_c3.sh" "$BIN" || say "the comparison with the C austin 3.7 did not complete"
fi
