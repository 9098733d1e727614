#!/usr/bin/python3
"""Draws a tq-sweep CSV as a PNG: accuracy against bits per element.

    scripts/plot_sweep.py sweep.csv sweep.png [--title TITLE]

Three panels:
  1. whole network, weights and activations quantized: every family
     (lines for the bit-width sweeps, labelled points for named formats);
  2. fixed point by role: weights only, activations only, both;
  3. per-layer sensitivity: one layer quantized at a time, the rest float.
The float accuracy is the dashed line. Needs Debian's python3-matplotlib.
"""
import argparse
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("png")
    ap.add_argument("--title", default="")
    args = ap.parse_args()

    with open(args.csv, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or rows[0]["family"] != "float" or rows[0]["top1"] == "":
        sys.exit(f"{args.csv}: expected a tq-sweep CSV run with --labels")
    for r in rows:
        r["bits"] = float(r["bits"])
        r["top1"] = float(r["top1"]) * 100
    base = rows[0]["top1"]
    whole = [r for r in rows[1:] if r["layer"] == "all"]
    layers = [r for r in rows[1:] if r["layer"] != "all"]

    panels = 3 if layers else 2
    fig, axes = plt.subplots(1, panels, figsize=(6 * panels, 5))

    ax = axes[0]
    families = []
    for r in whole:
        if r["family"] not in families:
            families.append(r["family"])
    for idx, fam in enumerate(families):
        color = f"C{idx % 10}"
        pts = [r for r in whole if r["family"] == fam]
        both = [r for r in pts if r["role"] == "both"] or pts
        quantizers = {r["quantizer"] for r in both}
        if len(quantizers) > 1 and all("," in q for q in quantizers):
            both.sort(key=lambda r: r["bits"])
            ax.plot([r["bits"] for r in both], [r["top1"] for r in both],
                    marker="o", ms=3, color=color,
                    label=f"{fam} ({both[0]['role']})")
        else:
            ax.scatter([r["bits"] for r in both],
                              [r["top1"] for r in both], s=18, color=color,
                              label=f"{fam} ({both[0]['role']})")
            for r in both:
                ax.annotate(r["quantizer"], (r["bits"], r["top1"]),
                            textcoords="offset points", xytext=(3, 3),
                            fontsize=6, color=color)
    ax.axhline(base, ls="--", color="gray", lw=1, label=f"float {base:.2f}%")
    ax.set_xlabel("bits per element")
    ax.set_ylabel("top-1 accuracy (%)")
    ax.set_title("whole network")
    ax.legend(fontsize=7, loc="lower right")
    ax.grid(alpha=0.3)

    ax = axes[1]
    fixed = [r for r in whole if r["family"] == "fixed"]
    for role in ("weights", "activations", "both"):
        pts = sorted((r for r in fixed if r["role"] == role),
                     key=lambda r: r["bits"])
        if pts:
            ax.plot([r["bits"] for r in pts], [r["top1"] for r in pts],
                    marker="o", ms=3, label=role)
    ax.axhline(base, ls="--", color="gray", lw=1, label="float")
    ax.set_xlabel("fixed-point word length (bits)")
    ax.set_ylabel("top-1 accuracy (%)")
    ax.set_title("fixed point: weights, activations, both")
    ax.legend(fontsize=7, loc="lower right")
    ax.grid(alpha=0.3)

    if layers:
        ax = axes[2]
        names = []
        for r in layers:
            if r["layer"] not in names:
                names.append(r["layer"])
        series = []
        for r in layers:
            key = (r["family"], r["role"])
            if key not in series:
                series.append(key)
        width = 0.8 / len(series)
        for i, (fam, role) in enumerate(series):
            xs, ys = [], []
            for j, name in enumerate(names):
                hit = [r for r in layers if r["layer"] == name and
                       r["family"] == fam and r["role"] == role]
                if hit:
                    xs.append(j + (i - (len(series) - 1) / 2) * width)
                    ys.append(hit[0]["top1"])
            ax.bar(xs, ys, width, label=f"{fam} {role}")
        ax.axhline(base, ls="--", color="gray", lw=1, label="float")
        ax.set_xticks(range(len(names)))
        ax.set_xticklabels(names, rotation=45, ha="right", fontsize=7)
        low = min(r["top1"] for r in layers)
        ax.set_ylim(max(0, low - 5), 100)
        ax.set_ylabel("top-1 accuracy (%)")
        ax.set_title("one layer at a time")
        ax.legend(fontsize=7, loc="lower left")
        ax.grid(alpha=0.3, axis="y")

    if args.title:
        fig.suptitle(args.title)
    fig.tight_layout()
    fig.savefig(args.png, dpi=110)
    print(f"plot: wrote {args.png}")


if __name__ == "__main__":
    main()
