# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads `cmp -l` lines on stdin and says how many differing bytes fall in each section of the ELF file argv[1]."""
import collections
import subprocess
import sys

sections = []
for line in subprocess.run(["readelf", "-SW", sys.argv[1]], capture_output=True, text=True, check=True).stdout.splitlines():
    fields = line.replace("[ ", "[").split()
    if len(fields) > 6 and fields[0].startswith("[") and fields[0] != "[Nr]" and fields[1] != "NULL":
        name, offset, size = fields[1], int(fields[4], 16), int(fields[5], 16)
        sections.append((offset, offset + size, name))
counts = collections.Counter()
first = {}
for line in sys.stdin:
    offset = int(line.split()[0]) - 1
    name = next((n for start, end, n in sections if start <= offset < end), "(outside sections)")
    counts[name] += 1
    first.setdefault(name, offset)
print(f"    differing bytes: {sum(counts.values())}")
for name, count in counts.most_common():
    print(f"    {count:6} in {name} (first at file offset {first[name]:#x})")
