//===- Plot.h - Line charts written as PNG ----------------------*- C++ -*-===//
//
// A small, dependency-free line-chart writer for tq's tools (tq-train's loss
// and accuracy curves): charts side by side in one RGB PNG, drawn with a
// built-in 5x7 bitmap font. Only LLVM Support is used: zlib through
// llvm::compression::zlib when LLVM has it, stored (uncompressed) deflate
// blocks otherwise, chunk CRCs through llvm::crc32.
//
// Each chart has a white background, a framed plot area with light grid
// lines at "nice" ticks (1, 2 or 5 x 10^k; the axis range is widened to
// whole ticks), numeric tick labels, the title above, the x label below, the
// y label written upwards on the left, and a legend of the non-empty series
// labels in the corner of the plot area that covers the fewest data points.
// Series i is drawn in matplotlib's tab10 colour i % 10 (#1f77b4, #ff7f0e,
// #2ca02c, #d62728, #9467bd, #8c564b, #e377c2, #7f7f7f, #bcbd22, #17becf)
// as a 2-pixel polyline, without anti-aliasing, with a filled circular
// marker (radius 3) at every point.
//
// Points are the pairs (x[i], y[i]) for i below min(x.size(), y.size()).
// A point with a NaN or infinite coordinate is skipped: no marker, and the
// line breaks there (as in matplotlib). A series with one point is a marker.
// A chart without finite points has the range [0, 1] on both axes; an axis
// whose points all have one value v gets [v - d, v + d] with d = |v| / 10
// (1 for v = 0) before widening to ticks.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_SUPPORT_PLOT_H
#define TQ_SUPPORT_PLOT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tq {

struct Series {
  std::string label;
  std::vector<double> x, y;
};

struct Chart {
  std::string title, xLabel, yLabel;
  std::vector<Series> series;
};

/// Renders `charts` side by side (chart i in columns [i*width/n,
/// (i+1)*width/n)) into one 8-bit RGB PNG of width x height pixels and writes
/// it to `path` atomically: a temporary file next to it, renamed over `path`
/// when complete, removed on any failure. Errors name the path. Sizes from 1
/// to 16384 are accepted; below about 200 x 120 per chart the text is
/// clipped.
llvm::Error writeLineChartsPNG(llvm::StringRef path,
                               llvm::ArrayRef<Chart> charts,
                               unsigned width = 1000, unsigned height = 400);

/// Where chart `index` of `count` lands in a width x height image: the plot
/// area [left, right] x [top, bottom] (pixels, both ends inclusive, the frame
/// drawn on them) and the axis ranges after widening to ticks. A point (x, y)
/// is drawn at column left + (x - xMin) / (xMax - xMin) * (right - left) and
/// row bottom - (y - yMin) / (yMax - yMin) * (bottom - top), both rounded to
/// the nearest integer.
struct ChartFrame {
  int left = 0, top = 0, right = 0, bottom = 0;
  double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
};
ChartFrame chartFrame(const Chart &chart, unsigned index, unsigned count,
                      unsigned width, unsigned height);

/// The PNG file (8-bit RGB, no interlace, filter 0 on every row) of an image
/// given as width*height RGB triples, rows top to bottom. With `useZlib` and
/// llvm::compression::zlib available the image data is zlib-compressed;
/// otherwise it is a zlib stream of stored deflate blocks.
std::vector<uint8_t> encodePNG(llvm::ArrayRef<uint8_t> rgb, unsigned width,
                               unsigned height, bool useZlib = true);

} // namespace tq

#endif // TQ_SUPPORT_PLOT_H
