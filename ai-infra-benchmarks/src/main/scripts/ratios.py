#!/usr/bin/env python3
"""Turns a JMH JSON result file of the ai-infra benchmarks into the tables of BENCHMARKS.md.

Usage: python3 ratios.py results.json

For ExporterOutageBenchmark (Mode.SampleTime), it prints the callers' p99 latency per
exporter endpoint and the ratios down/healthy and blackholed/healthy against the 1.2
target. Their error comes from the p99 of each measurement iteration: the mean of those
per-iteration p99s with a 99.9% Student-t half-width, as JMH computes for scores.

Every error is JMH's 99.9% confidence half-width. All benchmarks run the same number of
measurement iterations, so the half-widths share one Student-t factor and combine like
standard errors: in quadrature for a difference, relatively in quadrature for a ratio
(first order). A target passes when its whole interval meets it, fails when its whole
interval misses it, and is inconclusive otherwise.
"""

import json
import math
import sys

VARIANTS = ["none", "metrics-only", "ai-infra", "ai-infra-unsampled", "peer", "floor", "floor-unsampled",
            "floor-metrics"]


EXPORTERS = ["healthy", "down", "blackholed"]

P99_LIMIT = 1.2

# Two-sided 99.9% Student-t quantiles (t at 0.9995) by degrees of freedom.
T_9995 = [636.62, 31.60, 12.92, 8.61, 6.87, 5.96, 5.41, 5.04, 4.78, 4.59, 4.44, 4.32, 4.22, 4.14, 4.07,
          4.01, 3.97, 3.92, 3.88, 3.85, 3.82, 3.79, 3.77, 3.75, 3.73, 3.71, 3.69, 3.67, 3.66, 3.65]


def load(path):
    results = {}
    for entry in json.load(open(path)):
        bench = entry["benchmark"].rsplit(".", 2)[-2]
        variant = entry.get("params", {}).get("variant")
        if variant is None:
            continue
        primary = entry["primaryMetric"]
        alloc = entry.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        results.setdefault(bench, {})[variant] = {
            "score": primary["score"],
            "error": primary["scoreError"],
            "alloc": alloc["score"] if alloc else None,
            "alloc_error": alloc["scoreError"] if alloc else None,
        }
    return results


def diff(x, y):
    return (x["score"] - y["score"], math.hypot(x["error"], y["error"]))


def alloc_diff(x, y):
    return (x["alloc"] - y["alloc"], math.hypot(x["alloc_error"], y["alloc_error"]))


def ratio(n, d):
    value = n[0] / d[0]
    return (value, abs(value) * math.hypot(n[1] / n[0], d[1] / d[0]))


def fmt(v, digits=0):
    return f"{v[0]:,.{digits}f} ± {v[1]:,.{digits}f}"


def verdict(low, high, limit, below=True):
    if below:
        return "PASS" if high <= limit else ("FAIL" if low > limit else "INCONCLUSIVE")
    return "PASS" if low > limit else ("FAIL" if high <= limit else "INCONCLUSIVE")


def ratio_verdict(n, d, limit):
    """Verdict on a ratio of two added costs, which only means something when both are
    measurably above zero: a baseline fork slower than the variant gives a negative
    ratio that would otherwise pass any upper limit."""
    if n[0] - n[1] <= 0 or d[0] - d[1] <= 0:
        return "INCONCLUSIVE (an added cost is within its error of zero)"
    r = ratio(n, d)
    return verdict(r[0] - r[1], r[0] + r[1], limit)


def targets(by_variant, base_name, floor_name, label):
    """The three targets against another baseline and its own floor."""
    base = by_variant[base_name]
    b = diff(by_variant["ai-infra"], base)
    print(f"- with {label}:")
    if floor_name in by_variant:
        e = diff(by_variant[floor_name], base)
        r1 = ratio(b, e)
        ra = ratio(alloc_diff(by_variant["ai-infra"], base), alloc_diff(by_variant[floor_name], base))
        print(f"  - (b−a')/(e'−a') = {fmt(r1, 2)} (allocation {fmt(ra, 2)}) → target ≤ 1.25: "
              f"{ratio_verdict(b, e, 1.25)}")
    if "ai-infra-unsampled" in by_variant:
        c = diff(by_variant["ai-infra-unsampled"], base)
        r3 = ratio(c, b)
        rc = ratio(alloc_diff(by_variant["ai-infra-unsampled"], base), alloc_diff(by_variant["ai-infra"], base))
        print(f"  - (c−a')/(b−a') = {fmt(r3, 3)} (allocation {fmt(rc, 3)}) → target ≤ 0.15: "
              f"{ratio_verdict(c, b, 0.15)}")


PEER_LIMIT = 0.9

FLOOR_LIMIT = 1.5


def added_over_metrics_targets(by_variant):
    """What ai-infra adds over the same application with its observation meters
    (metrics-only, a'), in time and in allocation: at most PEER_LIMIT of what the peer
    adds, and at most FLOOR_LIMIT of what the hand-written floor adds on top of it (e')."""
    if not all(v in by_variant for v in ("metrics-only", "ai-infra", "peer", "floor-metrics")):
        return
    base = by_variant["metrics-only"]
    b = by_variant["ai-infra"]
    print("- added over metrics-only (a'), against the peer (d) and the floor on top of it (e'):")
    for name, limit, label in (("peer", PEER_LIMIT, "(b−a')/(d−a')"), ("floor-metrics", FLOOR_LIMIT, "(b−a')/(e'−a')")):
        other = by_variant[name]
        rt = ratio(diff(b, base), diff(other, base))
        ra = ratio(alloc_diff(b, base), alloc_diff(other, base))
        print(f"  - {label} = {fmt(rt, 2)} in time → target ≤ {limit}: "
              f"{ratio_verdict(diff(b, base), diff(other, base), limit)}; "
              f"{fmt(ra, 3)} in allocation → target ≤ {limit}: "
              f"{ratio_verdict(alloc_diff(b, base), alloc_diff(other, base), limit)}")


def report(results):
    for bench, by_variant in results.items():
        print(f"\n### {bench}\n")
        print("| variant | ns/op | added over none, ns | B/op | added over none, B |")
        print("|---|---:|---:|---:|---:|")
        base = by_variant.get("none", by_variant.get("metrics-only"))
        for variant in VARIANTS:
            r = by_variant.get(variant)
            if r is None:
                continue
            added = fmt(diff(r, base)) if r is not base else "—"
            added_alloc = fmt(alloc_diff(r, base)) if r is not base else "—"
            print(f"| {variant} | {fmt((r['score'], r['error']), 1)} | {added} | "
                  f"{r['alloc']:,.0f} ± {r['alloc_error']:,.0f} | {added_alloc} |")
        b = diff(by_variant["ai-infra"], base)
        print()
        if "floor" in by_variant:
            e = diff(by_variant["floor"], base)
            r1 = ratio(b, e)
            print(f"- (b−a)/(e−a) = {fmt(r1, 2)} → target ≤ 1.25: "
                  f"{ratio_verdict(b, e, 1.25)}")
            ra = ratio(alloc_diff(by_variant["ai-infra"], base), alloc_diff(by_variant["floor"], base))
            print(f"- allocation (b−a)/(e−a) = {fmt(ra, 2)}")
        if "peer" in by_variant:
            d = diff(by_variant["peer"], base)
            saving = diff(by_variant["peer"], by_variant["ai-infra"])
            r2 = ratio(b, d)
            print(f"- (b−a)/(d−a) = {fmt(r2, 2)}; d−b = {fmt(saving)} ns → target b < d: "
                  f"{verdict(saving[0] - saving[1], saving[0] + saving[1], 0, below=False)}")
        if "ai-infra-unsampled" in by_variant:
            c = diff(by_variant["ai-infra-unsampled"], base)
            r3 = ratio(c, b)
            print(f"- (c−a)/(b−a) = {fmt(r3, 3)} → target ≤ 0.15: "
                  f"{ratio_verdict(c, b, 0.15)}")
        if "floor" in by_variant and "floor-unsampled" in by_variant:
            # The same ratio for the hand-written floor: what target 3 asks of any
            # instrumentation that meters every call and keeps its trace context current.
            e = diff(by_variant["floor"], base)
            eu = diff(by_variant["floor-unsampled"], base)
            rf = ratio(eu, e)
            rfa = ratio(alloc_diff(by_variant["floor-unsampled"], base), alloc_diff(by_variant["floor"], base))
            print(f"- floor's own unsampled share (e₀−a)/(e−a) = {fmt(rf, 3)} (allocation {fmt(rfa, 3)}) "
                  f"→ 0.15: {ratio_verdict(eu, e, 0.15)}")
        if "metrics-only" in by_variant and "ai-infra-unsampled" in by_variant:
            m = by_variant["metrics-only"]
            print(f"- over metrics-only: ai-infra {fmt(diff(by_variant['ai-infra'], m))} ns, "
                  f"unsampled {fmt(diff(by_variant['ai-infra-unsampled'], m))} ns, "
                  f"peer {fmt(diff(by_variant['peer'], m))} ns")
            targets(by_variant, "metrics-only", "floor-metrics", "a' = metrics-only")
        added_over_metrics_targets(by_variant)


def percentile(histogram, fraction):
    """The value below which the given fraction of a JMH raw-data histogram's samples lie."""
    pairs = sorted((value, count) for value, count in histogram)
    total = sum(count for _, count in pairs)
    seen = 0
    for value, count in pairs:
        seen += count
        if seen >= fraction * total:
            return value
    return pairs[-1][0]


def half_width(values):
    n = len(values)
    if n < 2:
        return float("nan")
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    t = T_9995[n - 2] if n - 2 < len(T_9995) else 3.29
    return t * sd / math.sqrt(n)


def load_outage(path):
    results = {}
    for entry in json.load(open(path)):
        exporter = entry.get("params", {}).get("exporter")
        if exporter is None:
            continue
        primary = entry["primaryMetric"]
        iterations = [percentile(h, 0.99) for fork in primary.get("rawDataHistogram", []) for h in fork]
        mean_p99 = sum(iterations) / len(iterations) if iterations else float("nan")
        results[exporter] = {
            "unit": primary["scoreUnit"],
            "mean": primary["score"],
            "p50": primary["scorePercentiles"]["50.0"],
            "p99": primary["scorePercentiles"]["99.0"],
            "p999": primary["scorePercentiles"]["99.9"],
            "iteration_p99": (mean_p99, half_width(iterations)),
            "iterations": iterations,
        }
    return results


def report_outage(results):
    if not results:
        return
    unit = next(iter(results.values()))["unit"]
    print("\n### ExporterOutageBenchmark\n")
    print(f"| exporter | mean, {unit} | p50 | p99 | p99.9 | p99 per iteration (mean ± 99.9% CI, min–max) |")
    print("|---|---:|---:|---:|---:|---:|")
    for exporter in EXPORTERS:
        r = results.get(exporter)
        if r is None:
            continue
        it = r["iterations"]
        print(f"| {exporter} | {r['mean']:,.2f} | {r['p50']:,.2f} | {r['p99']:,.2f} | {r['p999']:,.2f} | "
              f"{fmt(r['iteration_p99'], 2)} ({min(it):,.2f}–{max(it):,.2f}) |")
    healthy = results.get("healthy")
    if healthy is None:
        return
    print()
    for exporter in ("down", "blackholed"):
        r = results.get(exporter)
        if r is None:
            continue
        overall = r["p99"] / healthy["p99"]
        per_iteration = ratio(r["iteration_p99"], healthy["iteration_p99"])
        print(f"- p99 {exporter}/healthy = {overall:.2f} (all samples); {fmt(per_iteration, 2)} "
              f"(per-iteration p99s) → target ≤ {P99_LIMIT}: "
              f"{verdict(per_iteration[0] - per_iteration[1], per_iteration[0] + per_iteration[1], P99_LIMIT)}")


if __name__ == "__main__":
    report(load(sys.argv[1]))
    report_outage(load_outage(sys.argv[1]))
