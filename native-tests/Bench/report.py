# SPDX-License-Identifier: GPL-3.0-or-later
"""Turns bench.sh's records (one JSON object per run) into the Markdown report.

  report.py META_JSON PROBES_JSONL RECORDS_JSONL

Every figure is a median over rounds; a ratio ours/C is the ratio of the two medians shown beside
it. A slowdown is, per round, (time under the sampler) / (time alone in the same round), whose
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


def main():
    meta = json.load(open(sys.argv[1]))
    probes = load(sys.argv[2])
    runs = Runs(load(sys.argv[3]))
    R = int(meta["rounds"])
    labels = meta["labels"]          # in bench order
    compared = set(meta["compared"])  # labels on which the C austin is measured too
    md = []
    w = md.append

    w("## austin benchmark: %s" % meta["date"])
    w("")
    w("- machine: %s, %s logical CPUs, Linux %s; load average %s at the start, %s at the end"
      % (meta["cpu"], meta["cores"], meta["kernel"], meta["load_start"], meta["load_end"]))
    w("- ours: `%s` (%s, %s bytes; the repository is at %s)"
      % (meta["ours"], meta["ours_version"], meta["ours_size"], meta["ours_commit"]))
    w("- C: `%s` (%s, Debian package %s)" % (meta["c"], meta["c_version"], meta["c_package"]))
    w("- %d round(s), medians; attach runs of %s s at `-i %s` on a %s-frame stack; workload of %s units"
      % (R, meta["seconds"], meta["attach_interval"], meta["depth"], meta["units"]))
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
    rows = [[lab, verdict(v.get("ours")), verdict(v.get("c"))] for lab, v in by_label.items()]
    w(table(["Python", "ours", "C"], rows, numeric=False))
    w("")

    def who_cols(label):
        return ["ours", "c"] if label in compared else ["ours"]

    # 1. full-depth samples per second
    w("### 1. Full-depth samples per second (attach, `-i %s`; higher is better)" % meta["attach_interval"])
    w("")
    rows = []
    for lab in labels:
        o, c = runs.get(lab, "attach", "ours"), runs.get(lab, "attach", "c")
        rate = lambda r: r["full"] / r["wall"]
        share = lambda r: 100.0 * r["full"] / r["samples"] if r["samples"] else None
        ro = [rate(r) for r in o.values()]
        rc = [rate(r) for r in c.values()] if lab in compared else []
        rows.append([lab,
                     fmt(median(ro), ".0f") + count(ro, R),
                     fmt(median([share(r) for r in o.values()]), ".1f", " %"),
                     (fmt(median(rc), ".0f") + count(rc, R)) if lab in compared else "n/a",
                     fmt(median([share(r) for r in c.values()]), ".1f", " %") if lab in compared else "n/a",
                     ratio(over(median(ro), median(rc))) if lab in compared else ""])
    w(table(["Python", "ours /s", "ours full-depth share", "C /s", "C full-depth share", "ours/C"], rows))
    w("")

    # 2. CPU per 1000 samples
    w("### 2. Sampler CPU time (user+sys) per 1000 samples (same attach runs; lower is better)")
    w("")
    rows = []
    for lab in labels:
        o, c = runs.get(lab, "attach", "ours"), runs.get(lab, "attach", "c")
        per_k = lambda r: 1000.0 * r["cpu"] / r["samples"] * 1000.0 if r["samples"] else None  # ms
        use = lambda r: 100.0 * r["cpu"] / r["wall"]
        ko, kc = median([per_k(r) for r in o.values()]), median([per_k(r) for r in c.values()])
        row = [lab, fmt(ko, ".1f", " ms"), fmt(median([use(r) for r in o.values()]), ".0f", " %")]
        if lab in compared:
            row += [fmt(kc, ".1f", " ms"), fmt(median([use(r) for r in c.values()]), ".0f", " %"), ratio(over(ko, kc))]
        else:
            row += ["n/a", "n/a", ""]
        rows.append(row)
    w(table(["Python", "ours per 1000", "ours CPU use", "C per 1000", "C CPU use", "ours/C"], rows))
    w("")
    w("CPU use is CPU time over the sampling window: 100 % is one core busy.")
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
                o, c = runs.get(lab, "launch", "ours", cfg), runs.get(lab, "launch", "c", cfg)
                so = per_round(o, base, lambda a, b: a[key] / b[key])
                row.append(ratio(median(so), ".3f") + count(so, R))
                if lab in compared:
                    sc = per_round(c, base, lambda a, b: a[key] / b[key])
                    row.append(ratio(median(sc), ".3f") + count(sc, R))
                    row.append(ratio(over(median(so), median(sc)), ".3f"))
                else:
                    row += ["n/a", ""]
            rows.append(row)
        w(table(["Python", "alone", "ours -i 100", "C -i 100", "ours/C", "ours default", "C default", "ours/C"], rows))
        w("")
    w("A cell is the median over rounds of (time under the sampler) / (time alone, same round). "
      "The samplers' default intervals differ (see 3c): \"default\" is each one's own.")
    w("")
    w("### 3c. Samples per second of the launch runs (context for 3: more samples cost more)")
    w("")
    rows = []
    for lab in labels:
        row = [lab]
        for cfg in ("i100", "default"):
            for who in ("ours", "c"):
                if who == "c" and lab not in compared:
                    row.append("n/a")
                    continue
                rs = runs.get(lab, "launch", who, cfg)
                row.append(fmt(median([r["samples"] / r["wall"] for r in rs.values()]), ".0f"))
        rows.append(row)
    w(table(["Python", "ours -i 100", "C -i 100", "ours default", "C default"], rows))
    w("")

    # 4. peak RSS
    w("### 4. Peak RSS of the sampler (maxrss of the attach runs; lower is better)")
    w("")
    rows = []
    for lab in labels:
        o, c = runs.get(lab, "attach", "ours"), runs.get(lab, "attach", "c")
        mib = lambda r: r["maxrss_kb"] / 1024.0
        mo, mc = median([mib(r) for r in o.values()]), median([mib(r) for r in c.values()])
        row = [lab, fmt(mo, ".1f", " MiB")]
        if lab in compared:
            row += [fmt(mc, ".1f", " MiB"), ratio(over(mo, mc))]
        else:
            row += ["n/a", ""]
        rows.append(row)
    w(table(["Python", "ours", "C", "ours/C"], rows))
    w("")

    # 5. size
    w("### 5. Binary size")
    w("")
    so, sc = int(meta["ours_size"]), int(meta["c_size"])
    w(table(["", "ours", "C", "ours/C"],
            [["bytes", "%d" % so, "%d" % sc if sc else "–", ratio(so / sc, ".1f") if sc else ""]]))
    w("")
    w("Ours is self-contained (NativeAOT, the .NET runtime linked in); the C binary links libc dynamically.")
    w("")

    # bad samples
    w("### Bad samples (`Bad sample` lines / all sample lines, all rounds)")
    w("")
    rows = []
    for lab in labels:
        def rate(who, kind, cfg=None):
            rs = [r for r in runs.all(lab, kind, who, cfg) if r.get("samples") is not None]
            n, b = sum(r["samples"] for r in rs), sum(r["bad"] for r in rs)
            return "–" if not n else "%d / %d (%.3f %%)" % (b, n, 100.0 * b / n)
        rows.append([lab, rate("ours", "attach"), rate("ours", "launch", "i100"), rate("ours", "launch", "default"),
                     rate("c", "attach") if lab in compared else "n/a"])
    w(table(["Python", "ours attach", "ours launch -i 100", "ours launch default", "C attach"], rows))
    w("")

    failed = [r for r in runs.records if not r["ok"]]
    if failed:
        w("### Runs that failed (left out of the medians)")
        w("")
        for r in failed:
            w("- %s %s %s%s round %s: %s" % (r["label"], r["kind"], r["who"],
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
