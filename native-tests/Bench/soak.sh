#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Soak run (not part of the test suite): austin samples a busy multi-threaded target for SOAK_SECONDS
# (default 600) at -i 100, and the script reports austin's resident memory near the start and at the end,
# and austin's own GC counts (from its log). Memory must stay flat.
#   native-tests/Bench/soak.sh dist/linux-x64/austin            # 10 minutes
#   SOAK_SECONDS=60 SOAK_PYTHON=python3.9 native-tests/Bench/soak.sh dist/linux-x64/austin
#   SOAK_OUTPUT=samples.svg native-tests/Bench/soak.sh dist/linux-x64/austin   # a picture format: memory must stay flat too
#   SOAK_TARGET=many_stacks.py SOAK_INTERVAL=1000 SOAK_OUTPUT=samples.svg native-tests/Bench/soak.sh dist/linux-x64/austin
#       # 20,000 distinct stacks at little CPU: the picture formats' memory follows distinct stacks, not samples
set -euo pipefail
BIN=${1:?usage: soak.sh AUSTIN_BINARY}
SECONDS_TOTAL=${SOAK_SECONDS:-600}
PYTHON=${SOAK_PYTHON:-python3}
TARGET_SCRIPT=${SOAK_TARGET:-soak_target.py}
INTERVAL=${SOAK_INTERVAL:-100}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'kill $TARGET 2>/dev/null || true; rm -rf "$WORK"' EXIT

PYTHON=$("$PYTHON" -c 'import sys; print(sys.executable)')
"$PYTHON" "$HERE/$TARGET_SCRIPT" "$SECONDS_TOTAL" > "$WORK/target.out" &
TARGET=$!
for _ in $(seq 100); do grep -q ready "$WORK/target.out" 2>/dev/null && break; sleep 0.1; done

OUTPUT="$WORK/${SOAK_OUTPUT:-samples.txt}"
AUSTIN_LOG_FILE="$WORK/austin.log" "$BIN" -i "$INTERVAL" -o "$OUTPUT" -p "$TARGET" &
AUSTIN=$!
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$AUSTIN/status" 2>/dev/null || echo 0; }
hwm() { awk '/^VmHWM:/ {print $2}' "/proc/$AUSTIN/status" 2>/dev/null || echo 0; }   # the kernel's peak RSS
sleep 10
START_RSS=$(rss)
START_TIME=$(date +%s)
PEAK=$START_RSS
while kill -0 "$AUSTIN" 2>/dev/null; do
    NOW=$(rss); [ "${NOW:-0}" -gt "$PEAK" ] && PEAK=$NOW
    H=$(hwm); [ "${H:-0}" -gt "${HWM:-0}" ] && HWM=$H
    END_RSS=${NOW:-$END_RSS}
    TICKS=$(( ${TICKS:-0} + 1 )); [ $(( TICKS % 12 )) -eq 0 ] && echo "soak: $(( TICKS * 5 )) s: RSS ${NOW:-?} KB" >&2
    sleep 5
done
wait "$AUSTIN" || true
ELAPSED=$(( $(date +%s) - START_TIME ))

echo "soak: $TARGET_SCRIPT, $("$PYTHON" -V 2>&1), $SECONDS_TOTAL s at -i $INTERVAL, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo "austin RSS after 10 s: ${START_RSS} KB; at the end: ${END_RSS:-?} KB; highest seen: ${PEAK} KB, peak (VmHWM): ${HWM:-?} KB (over ${ELAPSED} s)"
grep -E "Samples:|Bad samples:|Sampling time:|Overruns|austin memory:|Stack tree:" "$WORK/austin.log" | sed 's/^.*INFO: /log: /'
echo "output: $(basename "$OUTPUT"), $(stat -c %s "$OUTPUT") bytes, $(wc -l < "$OUTPUT") lines"
if [ -n "${SOAK_KEEP:-}" ]; then cp "$OUTPUT" "$SOAK_KEEP/" && echo "output kept in $SOAK_KEEP"; fi
