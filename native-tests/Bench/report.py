# SPDX-License-Identifier: GPL-3.0-or-later
"""Turns bench.sh's records (one JSON object per run) into the Markdown report.

  report.py META_JSON PROBES_JSONL RECORDS_JSONL

Every figure is a median over rounds; a ratio ours/C is the ratio of the two medians shown beside
it. The C samplers are Debian's C austin 1.0.1 ("c") and, when AUSTIN_C3 named one, the C austin 3.7
("c3"): each gets its columns, and a ratio column ours/C beside the other. A slowdown is, per round, (time under the sampler) / (time alone in the same round), whose
median is shown: pairing each run with a baseline taken minutes apart at most cancels slow drifts
of the machine's load.
"""
import json
import statistics
import sys


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt(x, spec, unit=""):
    return "–" if x is None else format(x, spec) + unit


def ratio(x, spec=".2f"):
    return fmt(x, spec, "×")


def count(xs, rounds):
    """' (n/R)' when some rounds failed."""
    n = len([x for x in xs if x is not None])
    return "" if n >= rounds else " (%d/%d)" % (n, rounds)


class Runs:
    def __init__(self, records):
        self.records = records

    def get(self, label, kind, who, config=None):
        """{round: record} of the successful runs."""
        out = {}
        for r in self.records:
            if r["label"] == label and r["kind"] == kind and r["who"] == who and r.get("config") == config and r["ok"]:
                out[int(r["round"])] = r
        return out

    def all(self, label, kind, who, config=None):
        return [r for r in self.records
                if r["label"] == label and r["kind"] == kind and r["who"] == who and r.get("config") == config]


def per_round(a, b, f):
    """f(a[round], b[round]) for the rounds both have."""
    return [f(a[k], b[k]) for k in sorted(set(a) & set(b))]


def over(x, y):
    return x / y if x is not None and y else None


def table(head, rows, numeric=True):
    """A Markdown table: the first column left-aligned, the others right-aligned when numeric."""
    align = "--:" if numeric else "---"
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" if i == 0 else align for i in range(len(head))) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


NAMES = {"ours": "ours", "c": "C 1.0.1", "c3": "C 3.7"}


def main():
    meta = json.load(open(sys.argv[1]))
    probes = load(sys.argv[2])
    runs = Runs(load(sys.argv[3]))
    R = int(meta["rounds"])
    labels = meta["labels"]          # in bench order
    # The C samplers present, and the labels on which each is measured (those its probe could sample).
    others = [w for w in ("c", "c3") if meta.get("have_" + w) == "1"]
    compared = {"c": set(meta["compared"]), "c3": set(meta["compared_c3"])}
    md = []
    w = md.append

    def here(who, lab):
        return who == "ours" or lab in compared[who]

    w("## austin benchmark: %s" % meta["date"])
    w("")
    w("- machine: %s, %s logical CPUs, Linux %s; load average %s at the start, %s at the end"
      % (meta["cpu"], meta["cores"], meta["kernel"], meta["load_start"], meta["load_end"]))
    w("- ours: `%s` (%s, %s bytes; the repository is at %s)"
      % (meta["ours"], meta["ours_version"], meta["ours_size"], meta["ours_commit"]))
    if "c" in others:
        w("- C 1.0.1: `%s` (%s, Debian package %s)" % (meta["c"], meta["c_version"], meta["c_package"]))
    else:
        w("- C 1.0.1: not measured (no `%s`)" % meta["c"])
    if "c3" in others:
        w("- C 3.7: `%s` (%s, built from its source; `AUSTIN_C3`)" % (meta["c3"], meta["c3_version"]))
    else:
        w("- C 3.7: not measured (`AUSTIN_C3` is not set to a C austin 3.7 binary)")
    w("- %d round(s), medians; attach runs of %s s at `-i %s` on a %s-frame stack; workload of %s units"
      % (R, meta["seconds"], meta["attach_interval"], meta["depth"], meta["units"]))
    w("- launch runs: %s" % ("the workload on CPU 1 (from 100 ms after its start), the sampler on CPU 0 (`BENCH_PIN=1`)"
                             if meta.get("pinned") == "1" else "sampler and workload left to the scheduler"))
    w("")

    w("### Which interpreters each sampler can sample")
    w("")
    w("A %s s attach at `-i 1000` to the %s-frame target; *ok* means at least one full-depth sample."
      % (meta["probe_seconds"], meta["depth"]))
    w("")
    def verdict(p):
        if p is None:
            return "–"
        if p["ok"] and p["full"] > 0:
            return "ok"
        if p.get("error"):
            return "fails: " + p["error"].rstrip(": ")
        if p.get("samples"):
            return "fails: %d samples, none full-depth, e.g. `%s`" % (p["samples"], p.get("first_sample", ""))
        return "fails"

    by_label = {}
    for p in probes:
        by_label.setdefault(p["label"], {})[p["who"]] = p
    rows = [[lab] + [verdict(v.get(who)) for who in ["ours"] + others] for lab, v in by_label.items()]
    w(table(["Python"] + [NAMES[x] for x in ["ours"] + others], rows, numeric=False))
    w("")

    def ratios(lab, mine, theirs, spec=".2f"):
        """The ratio columns: ours/C for every C sampler, empty where it is not measured."""
        return [ratio(over(mine, theirs[x]), spec) if here(x, lab) else "" for x in others]

    # 1. full-depth samples per second
    w("### 1. Full-depth samples per second (attach, `-i %s`; higher is better)" % meta["attach_interval"])
    w("")
    rate = lambda r: r["full"] / r["wall"]
    share = lambda r: 100.0 * r["full"] / r["samples"] if r["samples"] else None
    rows = []
    for lab in labels:
        row, med = [lab], {}
        for who in ["ours"] + others:
            if not here(who, lab):
                row += ["n/a", "n/a"]
                continue
            rs = runs.get(lab, "attach", who)
            xs = [rate(r) for r in rs.values()]
            med[who] = median(xs)
            row += [fmt(med[who], ".0f") + count(xs, R), fmt(median([share(r) for r in rs.values()]), ".1f", " %")]
        rows.append(row + ratios(lab, med.get("ours"), med))
    head = ["Python"]
    for who in ["ours"] + others:
        head += ["%s /s" % NAMES[who], "%s full-depth share" % NAMES[who]]
    w(table(head + ["ours/%s" % NAMES[x] for x in others], rows))
    w("")

    # 2. CPU per 1000 samples
    w("### 2. Sampler CPU time (user+sys) per 1000 samples (same attach runs; lower is better)")
    w("")
    per_k = lambda r: 1000.0 * r["cpu"] / r["samples"] * 1000.0 if r["samples"] else None  # ms
    use = lambda r: 100.0 * r["cpu"] / r["wall"]
    rows = []
    for lab in labels:
        row, med = [lab], {}
        for who in ["ours"] + others:
            if not here(who, lab):
                row += ["n/a", "n/a"]
                continue
            rs = runs.get(lab, "attach", who)
            xs = [per_k(r) for r in rs.values()]
            med[who] = median(xs)
            row += [fmt(med[who], ".1f", " ms") + count(xs, R), fmt(median([use(r) for r in rs.values()]), ".0f", " %")]
        rows.append(row + ratios(lab, med.get("ours"), med))
    head = ["Python"]
    for who in ["ours"] + others:
        head += ["%s per 1000" % NAMES[who], "%s CPU use" % NAMES[who]]
    w(table(head + ["ours/%s" % NAMES[x] for x in others], rows))
    w("")
    w("CPU use is CPU time over the sampling window: 100 % is one core busy.")
    w("")

    # 2b. -i 0: the cost of a sample itself
    if any(r["kind"] == "attach" and r.get("config") == "i0" for r in runs.records):
        w("### 2b. As fast as each sampler can (attach, `-i 0`): samples per second and CPU per 1000 samples")
        w("")
        rows = []
        for lab in labels:
            row, med = [lab], {}
            for who in ["ours"] + others:
                rs = runs.get(lab, "attach", who, "i0") if here(who, lab) else {}
                if not rs:
                    row += ["n/a", "n/a"]
                    continue
                rates = [r["full"] / r["wall"] for r in rs.values() if r.get("wall")]
                xs = [per_k(r) for r in rs.values()]
                med[who] = median(xs)
                row += [fmt(median(rates), ",.0f") + count(rates, R), fmt(med[who], ".1f", " ms")]
            rows.append(row + ratios(lab, med.get("ours"), med))
        head = ["Python"]
        for who in ["ours"] + others:
            head += ["%s samples/s" % NAMES[who], "%s per 1000" % NAMES[who]]
        w(table(head + ["ours/%s CPU" % NAMES[x] for x in others], rows))
        w("")
        w("No wait between samples: the CPU per sample is what a sample itself costs. At `-i 10` (tables 1 and 2) a sampler")
        w("faster than the interval also pays for its waits.")
        w("")

    # 3. slowdown
    for key, title in (("work", "the workload's own timing, start-up excluded"),
                       ("wall", "spawn to exit, start-up included")):
        w("### 3%s. Slowdown of the workload under the sampler (launch mode, %s; lower is better)"
          % ("" if key == "work" else "b", title))
        w("")
        rows = []
        for lab in labels:
            base = runs.get(lab, "launch", "none")
            row = [lab, fmt(median([r[key] for r in base.values()]), ".2f", " s")]
            for cfg in ("i100", "default"):
                med = {}
                for who in ["ours"] + others:
                    if not here(who, lab):
                        row.append("n/a")
                        continue
                    sl = per_round(runs.get(lab, "launch", who, cfg), base, lambda a, b: a[key] / b[key])
                    med[who] = median(sl)
                    row.append(ratio(med[who], ".3f") + count(sl, R))
                row += ratios(lab, med.get("ours"), med, ".3f")
            rows.append(row)
        head = ["Python", "alone"]
        for cfg in ("-i 100", "default"):
            head += ["%s %s" % (NAMES[who], cfg) for who in ["ours"] + others]
            head += ["ours/%s" % NAMES[x] for x in others]
        w(table(head, rows))
        w("")
    w("A cell is the median over rounds of (time under the sampler) / (time alone, same round). "
      "The samplers' default intervals differ (see 3c): \"default\" is each one's own (ours 500 µs, "
      "the C austin 3.7 100 µs, the C austin 1.0.1 about 100–200 µs whatever its `--help` says).")
    w("")
    w("### 3c. Samples per second of the launch runs (context for 3: more samples cost more)")
    w("")
    rows = []
    for lab in labels:
        row = [lab]
        for cfg in ("i100", "default"):
            for who in ["ours"] + others:
                if not here(who, lab):
                    row.append("n/a")
                    continue
                xs = [r["samples"] / r["wall"] for r in runs.get(lab, "launch", who, cfg).values()]
                row.append(fmt(median(xs), ".0f") + count(xs, R))
        rows.append(row)
    w(table(["Python"] + ["%s %s" % (NAMES[who], cfg) for cfg in ("-i 100", "default") for who in ["ours"] + others],
            rows))
    w("")

    w("### 3d. Spread of the slowdowns (the workload's own timing; lowest–highest over rounds)")
    w("")
    rows = []
    for lab in labels:
        base = runs.get(lab, "launch", "none")
        works = [r["work"] for r in base.values()]
        row = [lab, "%.1f %%" % (100.0 * (max(works) - min(works)) / median(works)) if len(works) > 1 else "–"]
        for cfg in ("i100", "default"):
            for who in ["ours"] + others:
                if not here(who, lab):
                    row.append("n/a")
                    continue
                sl = per_round(runs.get(lab, "launch", who, cfg), base, lambda a, b: a["work"] / b["work"])
                row.append("%.3f–%.3f×" % (min(sl), max(sl)) if sl else "–")
        rows.append(row)
    w(table(["Python", "alone: (highest − lowest) / median"]
            + ["%s %s" % (NAMES[who], cfg) for cfg in ("-i 100", "default") for who in ["ours"] + others], rows))
    w("")
    w("A slowdown within the alone runs' own spread is within the noise of paired runs.")
    w("")

    # 4. peak RSS
    w("### 4. Peak RSS of the sampler (VmHWM during the attach runs; lower is better)")
    w("")
    mib = lambda r: r["hwm_kb"] / 1024.0 if r.get("hwm_kb") else None
    rows = []
    for lab in labels:
        row, med = [lab], {}
        for who in ["ours"] + others:
            if not here(who, lab):
                row.append("n/a")
                continue
            xs = [mib(r) for r in runs.get(lab, "attach", who).values()]
            med[who] = median(xs)
            row.append(fmt(med[who], ".1f", " MiB") + count(xs, R))
        rows.append(row + ratios(lab, med.get("ours"), med))
    w(table(["Python"] + [NAMES[x] for x in ["ours"] + others] + ["ours/%s" % NAMES[x] for x in others], rows))
    w("")
    w("VmHWM of `/proc/PID/status`, read every 10 ms while the sampler runs and just before the SIGINT "
      "(`wait4()`'s `ru_maxrss` would include the forked Python that starts each sampler).")
    w("")

    # 5. size
    w("### 5. Binary size")
    w("")
    so = int(meta["ours_size"])
    sizes = {x: int(meta[x + "_size"]) for x in others}
    w(table([""] + [NAMES[x] for x in ["ours"] + others] + ["ours/%s" % NAMES[x] for x in others],
            [["bytes", "%d" % so] + ["%d" % sizes[x] if sizes[x] else "–" for x in others]
             + [ratio(so / sizes[x], ".1f") if sizes[x] else "" for x in others]]))
    w("")
    w("Ours is self-contained (NativeAOT, the .NET runtime linked in); the C binaries link libc dynamically.")
    w("")

    # 6. -C on a pool
    pool_labels = meta.get("pool_labels", [])
    if pool_labels:
        pool_c3 = set(meta.get("pool_c3", []))
        cmp3 = "c3" in others
        w("### 6. `-C` on a pool of %s Python processes (attach, `-i %s`; lower CPU is better)"
          % (meta["pool_procs"], meta["pool_interval"]))
        w("")
        busy = "all the time" if meta["pool_busy"] == "100" else \
            "%s %% of every 10 ms, sleeping the rest" % meta["pool_busy"]
        w("`pool.py`: a parent and %s children (subprocesses, one thread each, 12 frames deep) that compute %s; "
          "`austin -C -i %s -p PARENT` for %s s. A process sample is one sample line of any process; CPU per "
          "process-sample is the sampler's CPU time over all of them."
          % (meta["pool_procs"], busy, meta["pool_interval"], meta["seconds"]))
        w("")
        us = lambda r: 1e6 * r["cpu"] / r["samples"] if r["samples"] else None
        persec = lambda r: r["samples"] / r["wall"]
        rows = []
        whos = ["ours"] + (["c3"] if cmp3 else [])
        for lab in pool_labels:
            row, med = [lab], {}
            for who in whos:
                if who == "c3" and lab not in pool_c3:
                    row += ["n/a"] * 5
                    continue
                rs = runs.get(lab, "pool", who)
                xs = [us(r) for r in rs.values()]
                med[who] = median(xs)
                alls = runs.all(lab, "pool", who)
                n, b = sum(r.get("samples") or 0 for r in alls), sum(r.get("bad") or 0 for r in alls)
                row += [fmt(med[who], ".1f", " µs") + count(xs, R),
                        fmt(median([persec(r) for r in rs.values()]), ".0f"),
                        fmt(median([r["processes"] for r in rs.values()]), ".0f"),
                        fmt(median([mib(r) for r in rs.values()]), ".1f", " MiB"),
                        "%.2f %%" % (100.0 * b / n) if n else "–"]
            if cmp3:
                row.append(ratio(over(med.get("ours"), med.get("c3"))) if lab in pool_c3 else "")
            rows.append(row)
        head = ["Python"]
        for who in whos:
            head += ["%s CPU per process-sample" % NAMES[who], "%s process-samples/s" % NAMES[who],
                     "%s processes" % NAMES[who], "%s peak RSS" % NAMES[who], "%s bad" % NAMES[who]]
        w(table(head + (["ours/C 3.7 (CPU)"] if cmp3 else []), rows))
        w("")
        if not cmp3:
            w("The C austin 3.7 is not measured here (`AUSTIN_C3` is not set).")
            w("")

    # bad samples
    w("### Bad samples (`Bad sample` lines / all sample lines, all rounds)")
    w("")
    w("For the C austin 3.7 a sample is bad when it has an `:INVALID:` frame or says `FRAMES LEFT`.")
    w("")
    rows = []
    for lab in labels:
        def rate_of(who, kind, cfg=None):
            rs = [r for r in runs.all(lab, kind, who, cfg) if r.get("samples") is not None]
            n, b = sum(r["samples"] for r in rs), sum(r["bad"] for r in rs)
            return "–" if not n else "%d / %d (%.3f %%)" % (b, n, 100.0 * b / n)
        rows.append([lab, rate_of("ours", "attach"), rate_of("ours", "launch", "i100"),
                     rate_of("ours", "launch", "default")]
                    + [rate_of(x, "attach") if here(x, lab) else "n/a" for x in others])
    w(table(["Python", "ours attach", "ours launch -i 100", "ours launch default"]
            + ["%s attach" % NAMES[x] for x in others], rows))
    w("")

    failed = [r for r in runs.records if not r["ok"]]
    if failed:
        w("### Runs that failed (left out of the medians)")
        w("")
        for r in failed:
            w("- %s %s %s%s round %s: %s" % (r["label"], r["kind"], NAMES.get(r["who"], r["who"]),
                                            " " + r["config"] if r.get("config") else "", r["round"],
                                            r.get("error", "exit status %s" % r.get("rc"))))
        w("")
    bad_sums = set(r.get("checksum") for r in runs.records if r["kind"] == "launch" and r["ok"]
                   and r.get("checksum") is not None)
    if len(bad_sums) > 1:
        w("**Warning**: the workload's checksums differ between runs: %s" % sorted(bad_sums))
        w("")

    w("### Reproduce")
    w("")
    w("```")
    for line in meta["commands"]:
        w(line)
    w("```")
    sys.stdout.write("\n".join(md) + "\n")


if __name__ == "__main__":
    main()
