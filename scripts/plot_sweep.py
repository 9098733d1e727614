#!/usr/bin/python3
"""Draws a tq-sweep CSV as a PNG: accuracy against bits per element.

    scripts/plot_sweep.py sweep.csv sweep.png [--title TITLE]

Up to three panels, each only when the CSV has rows for it:
  1. whole network, weights and/or activations quantized: every family
     (lines for the bit-width sweeps, labelled points for named formats);
  2. fixed point by role (the "fixed" family): weights only, activations
     only, both;
  3. per-layer sensitivity: one layer quantized at a time, the rest float.
The y axis is top-1 accuracy, with the float accuracy as the dashed line;
a CSV without labels (tq-sweep run without --labels: top1 empty) is drawn
with the mean absolute error against the float run instead (log scale).
Needs Debian's python3-matplotlib.
"""
import argparse
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLUMNS = ["family", "quantizer", "role", "layer", "bits", "top1",
           "mean_abs_err", "max_abs_err"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("png")
    ap.add_argument("--title", default="")
    args = ap.parse_args()

    with open(args.csv, newline="") as f:
        if f.readline().startswith("# tq-sweep partial results"):
            sys.exit(f"{args.csv}: the partial results of one shard "
                     "(tq-sweep --shard), not a whole sweep: merge the "
                     "shards first (tq-sweep merge PARTIAL.csv... -o "
                     "SWEEP.csv)")
        f.seek(0)
        reader = csv.DictReader(f)
        if reader.fieldnames is None or any(c not in reader.fieldnames
                                            for c in COLUMNS):
            sys.exit(f"{args.csv}: expected a tq-sweep CSV (columns "
                     f"{','.join(COLUMNS)})")
        rows = list(reader)
    if not rows or rows[0]["family"] != "float":
        sys.exit(f"{args.csv}: expected a tq-sweep CSV (its first row is the "
                 "float run)")
    labelled = rows[0]["top1"] != ""
    if labelled:
        metric, ylabel = "top1", "top-1 accuracy (%)"
    else:
        metric, ylabel = "mean_abs_err", "mean |error| against float"
    try:
        for r in rows:
            r["bits"] = float(r["bits"])
            r["y"] = (float(r["top1"]) * 100 if labelled
                      else float(r["mean_abs_err"]))
    except ValueError as e:
        sys.exit(f"{args.csv}: row {rows.index(r) + 2}: {e}")
    base = rows[0]["y"]
    whole = [r for r in rows[1:] if r["layer"] == "all"]
    fixed = [r for r in whole if r["family"] == "fixed"]
    layers = [r for r in rows[1:] if r["layer"] != "all"]

    panels = [p for p, present in (("whole", whole), ("fixed", fixed),
                                   ("layers", layers)) if present]
    if not panels:
        sys.exit(f"{args.csv}: no quantized configuration to plot")
    fig, axes = plt.subplots(1, len(panels), figsize=(6 * len(panels), 5),
                             squeeze=False)
    axes = dict(zip(panels, axes[0]))

    def baseline(ax, label):
        # The float run: the accuracy to reach (its error is 0: no line on
        # a log scale).
        if labelled:
            ax.axhline(base, ls="--", color="gray", lw=1, label=label)
        else:
            ax.set_yscale("log")

    def finish(ax, title, xlabel=None, corner="right", grid_axis="both"):
        # Labels, legend (away from the curves: low for accuracy, high for
        # errors) and grid of a panel.
        if xlabel:
            ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.legend(fontsize=7,
                  loc=("lower " if labelled else "upper ") + corner)
        ax.grid(alpha=0.3, axis=grid_axis)

    if "whole" in axes:
        ax = axes["whole"]
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
                ax.plot([r["bits"] for r in both], [r["y"] for r in both],
                        marker="o", ms=3, color=color,
                        label=f"{fam} ({both[0]['role']})")
            else:
                ax.scatter([r["bits"] for r in both], [r["y"] for r in both],
                           s=18, color=color,
                           label=f"{fam} ({both[0]['role']})")
                for r in both:
                    ax.annotate(r["quantizer"], (r["bits"], r["y"]),
                                textcoords="offset points", xytext=(3, 3),
                                fontsize=6, color=color)
        baseline(ax, f"float {base:.2f}%" if labelled else "float")
        finish(ax, "whole network", "bits per element")

    if "fixed" in axes:
        ax = axes["fixed"]
        for role in ("weights", "activations", "both"):
            pts = sorted((r for r in fixed if r["role"] == role),
                         key=lambda r: r["bits"])
            if pts:
                ax.plot([r["bits"] for r in pts], [r["y"] for r in pts],
                        marker="o", ms=3, label=role)
        baseline(ax, "float")
        finish(ax, "fixed point: weights, activations, both",
               "fixed-point word length (bits)")

    if "layers" in axes:
        ax = axes["layers"]
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
                    ys.append(hit[0]["y"])
            ax.bar(xs, ys, width, label=f"{fam} {role}")
        baseline(ax, "float")
        ax.set_xticks(range(len(names)))
        ax.set_xticklabels(names, rotation=45, ha="right", fontsize=7)
        if labelled:
            low = min(r["y"] for r in layers)
            ax.set_ylim(max(0, low - 5), 100)
        finish(ax, "one layer at a time", corner="left", grid_axis="y")

    if args.title:
        fig.suptitle(args.title)
    fig.tight_layout()
    fig.savefig(args.png, dpi=110)
    print(f"plot: wrote {args.png} ({', '.join(panels)}; {metric})")


if __name__ == "__main__":
    main()
