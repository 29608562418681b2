#!/usr/bin/env python3
"""Prints the keep-sampling figures of BENCHMARKS.md from a JMH JSON file of ModelCallBenchmark run with
-p variant=none,ai-infra-ratio,ai-infra-keep,ai-infra.

Usage: python3 keep_ratios.py keep.json

Per call: time and allocation of each variant, what each adds over `none`, and the ratios
  keep / sampled = (ai-infra-keep - none) / (ai-infra - none)   target <= 1.3
  keep - ratio   = ai-infra-keep - ai-infra-ratio, as a fraction of (ai-infra - none)
Errors are JMH's 99.9% half-widths, combined in quadrature (relatively for a ratio).
"""

import json
import math
import sys

LIMIT = 1.3


def load(path):
    results = {}
    for entry in json.load(open(path)):
        variant = entry.get("params", {}).get("variant")
        primary = entry["primaryMetric"]
        alloc = entry.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {"score": float("nan"), "scoreError": 0})
        results[variant] = (primary["score"], primary["scoreError"], alloc["score"], alloc["scoreError"])
    return results


def ratio(num, num_err, den, den_err):
    value = num / den
    return value, abs(value) * math.hypot(num_err / num if num else 0, den_err / den)


def main(path):
    r = load(path)
    none_t, none_te, none_a, none_ae = r["none"]
    print("| variant | ns/call | B/call | adds ns | adds B |")
    print("|---|---|---|---|---|")
    for variant in ["none", "ai-infra-ratio", "ai-infra-keep", "ai-infra"]:
        t, te, a, ae = r[variant]
        print(f"| `{variant}` | {t:.0f} ± {te:.0f} | {a:.0f} ± {ae:.0f} | {t - none_t:.0f} ± {math.hypot(te, none_te):.0f} "
              f"| {a - none_a:.0f} |")
    keep = r["ai-infra-keep"]
    sampled = r["ai-infra"]
    plain = r["ai-infra-ratio"]
    for label, index, err in (("time", 0, 1), ("allocation", 2, 3)):
        keep_adds = keep[index] - r["none"][index]
        keep_err = math.hypot(keep[err], r["none"][err])
        sampled_adds = sampled[index] - r["none"][index]
        sampled_err = math.hypot(sampled[err], r["none"][err])
        value, error = ratio(keep_adds, keep_err, sampled_adds, sampled_err)
        verdict = "pass" if value + error <= LIMIT else "fail" if value - error > LIMIT else "inconclusive"
        over = keep[index] - plain[index]
        over_value, over_error = ratio(over, math.hypot(keep[err], plain[err]), sampled_adds, sampled_err)
        print(f"{label}: keep/sampled = {value:.2f} ± {error:.2f} (target <= {LIMIT}: {verdict}); "
              f"keep - ratio = {over:.0f} = {over_value:.2f} ± {over_error:.2f} of a sampled call")


if __name__ == "__main__":
    main(sys.argv[1])
