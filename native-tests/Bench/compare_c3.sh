#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Compares austin (BIN) with the C austin 3.7 by difference: the same command lines on the same targets, on
# CPython 3.8-3.13 (pyenv), and a table of what agrees. See compare_c3.py for what each row compares.
#   AUSTIN_C3=/path/to/c/austin native-tests/Bench/compare_c3.sh BIN [compare_c3.py options]
# Build the C austin 3.7 from its source (https://github.com/P403n1x87/austin, tag v3.7.0: autoreconf --install;
# ./configure; make) and point AUSTIN_C3 at src/austin. Without AUSTIN_C3 the comparison is skipped.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

[ $# -ge 1 ] || { echo "usage: AUSTIN_C3=/path/to/austin-3.7 compare_c3.sh BIN [options]" >&2; exit 2; }
if [ -z "${AUSTIN_C3:-}" ]; then
    echo "compare_c3.sh: AUSTIN_C3 is not set: the comparison with the C austin 3.7 is skipped (set it to a C austin 3.7 binary)" >&2
    exit 0
fi
[ -x "$AUSTIN_C3" ] || { echo "compare_c3.sh: AUSTIN_C3=$AUSTIN_C3 is not an executable file" >&2; exit 2; }
version=$("$AUSTIN_C3" -V 2>&1 | head -1 || true)
case "$version" in
    *3.7.*) ;;
    *) echo "compare_c3.sh: warning: $AUSTIN_C3 says '$version', not 3.7" >&2 ;;
esac
bin=$1; shift
[ -x "$bin" ] || { echo "compare_c3.sh: $bin is not an executable file" >&2; exit 2; }
command -v python3 >/dev/null 2>&1 || { echo "compare_c3.sh: python3 is missing" >&2; exit 2; }
echo "## austin ($bin) and the C austin 3.7 ($AUSTIN_C3), by difference"
echo
exec python3 "$here/compare_c3.py" "$bin" "$AUSTIN_C3" "$@"
