//===- Plot.cpp - Line charts written as PNG ------------------------------===//

#include "tq/Support/Plot.h"
#include "tq/Support/AtomicFile.h"

#include "llvm/Support/CRC.h"
#include "llvm/Support/Compression.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>

using namespace tq;
using llvm::ArrayRef;
using llvm::StringRef;

namespace {

/// 5x7 glyphs of ASCII 32..126: five columns, left to right, bit r of a
/// column is row r from the top (lower-case letters sit on row 6, without
/// descenders).
const uint8_t kFont[95][5] = {
    {0x00, 0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x5F, 0x00, 0x00}, // ' ' !
    {0x00, 0x07, 0x00, 0x07, 0x00}, {0x14, 0x7F, 0x14, 0x7F, 0x14}, // " #
    {0x24, 0x2A, 0x7F, 0x2A, 0x12}, {0x23, 0x13, 0x08, 0x64, 0x62}, // $ %
    {0x36, 0x49, 0x55, 0x22, 0x50}, {0x00, 0x05, 0x03, 0x00, 0x00}, // & '
    {0x00, 0x1C, 0x22, 0x41, 0x00}, {0x00, 0x41, 0x22, 0x1C, 0x00}, // ( )
    {0x14, 0x08, 0x3E, 0x08, 0x14}, {0x08, 0x08, 0x3E, 0x08, 0x08}, // * +
    {0x00, 0x50, 0x30, 0x00, 0x00}, {0x08, 0x08, 0x08, 0x08, 0x08}, // , -
    {0x00, 0x60, 0x60, 0x00, 0x00}, {0x20, 0x10, 0x08, 0x04, 0x02}, // . /
    {0x3E, 0x51, 0x49, 0x45, 0x3E}, {0x00, 0x42, 0x7F, 0x40, 0x00}, // 0 1
    {0x42, 0x61, 0x51, 0x49, 0x46}, {0x21, 0x41, 0x45, 0x4B, 0x31}, // 2 3
    {0x18, 0x14, 0x12, 0x7F, 0x10}, {0x27, 0x45, 0x45, 0x45, 0x39}, // 4 5
    {0x3C, 0x4A, 0x49, 0x49, 0x30}, {0x01, 0x71, 0x09, 0x05, 0x03}, // 6 7
    {0x36, 0x49, 0x49, 0x49, 0x36}, {0x06, 0x49, 0x49, 0x29, 0x1E}, // 8 9
    {0x00, 0x36, 0x36, 0x00, 0x00}, {0x00, 0x56, 0x36, 0x00, 0x00}, // : ;
    {0x08, 0x14, 0x22, 0x41, 0x00}, {0x14, 0x14, 0x14, 0x14, 0x14}, // < =
    {0x00, 0x41, 0x22, 0x14, 0x08}, {0x02, 0x01, 0x51, 0x09, 0x06}, // > ?
    {0x32, 0x49, 0x79, 0x41, 0x3E}, {0x7E, 0x11, 0x11, 0x11, 0x7E}, // @ A
    {0x7F, 0x49, 0x49, 0x49, 0x36}, {0x3E, 0x41, 0x41, 0x41, 0x22}, // B C
    {0x7F, 0x41, 0x41, 0x22, 0x1C}, {0x7F, 0x49, 0x49, 0x49, 0x41}, // D E
    {0x7F, 0x09, 0x09, 0x09, 0x01}, {0x3E, 0x41, 0x49, 0x49, 0x7A}, // F G
    {0x7F, 0x08, 0x08, 0x08, 0x7F}, {0x00, 0x41, 0x7F, 0x41, 0x00}, // H I
    {0x20, 0x40, 0x41, 0x3F, 0x01}, {0x7F, 0x08, 0x14, 0x22, 0x41}, // J K
    {0x7F, 0x40, 0x40, 0x40, 0x40}, {0x7F, 0x02, 0x0C, 0x02, 0x7F}, // L M
    {0x7F, 0x04, 0x08, 0x10, 0x7F}, {0x3E, 0x41, 0x41, 0x41, 0x3E}, // N O
    {0x7F, 0x09, 0x09, 0x09, 0x06}, {0x3E, 0x41, 0x51, 0x21, 0x5E}, // P Q
    {0x7F, 0x09, 0x19, 0x29, 0x46}, {0x46, 0x49, 0x49, 0x49, 0x31}, // R S
    {0x01, 0x01, 0x7F, 0x01, 0x01}, {0x3F, 0x40, 0x40, 0x40, 0x3F}, // T U
    {0x1F, 0x20, 0x40, 0x20, 0x1F}, {0x3F, 0x40, 0x38, 0x40, 0x3F}, // V W
    {0x63, 0x14, 0x08, 0x14, 0x63}, {0x07, 0x08, 0x70, 0x08, 0x07}, // X Y
    {0x61, 0x51, 0x49, 0x45, 0x43}, {0x00, 0x7F, 0x41, 0x41, 0x00}, // Z [
    {0x02, 0x04, 0x08, 0x10, 0x20}, {0x00, 0x41, 0x41, 0x7F, 0x00}, // \ ]
    {0x04, 0x02, 0x01, 0x02, 0x04}, {0x40, 0x40, 0x40, 0x40, 0x40}, // ^ _
    {0x00, 0x01, 0x02, 0x04, 0x00}, {0x20, 0x54, 0x54, 0x54, 0x78}, // ` a
    {0x7F, 0x48, 0x44, 0x44, 0x38}, {0x38, 0x44, 0x44, 0x44, 0x20}, // b c
    {0x38, 0x44, 0x44, 0x48, 0x7F}, {0x38, 0x54, 0x54, 0x54, 0x18}, // d e
    {0x08, 0x7E, 0x09, 0x01, 0x02}, {0x08, 0x54, 0x54, 0x54, 0x3C}, // f g
    {0x7F, 0x08, 0x04, 0x04, 0x78}, {0x00, 0x44, 0x7D, 0x40, 0x00}, // h i
    {0x20, 0x40, 0x44, 0x3D, 0x00}, {0x7F, 0x10, 0x28, 0x44, 0x00}, // j k
    {0x00, 0x41, 0x7F, 0x40, 0x00}, {0x7C, 0x04, 0x18, 0x04, 0x78}, // l m
    {0x7C, 0x08, 0x04, 0x04, 0x78}, {0x38, 0x44, 0x44, 0x44, 0x38}, // n o
    {0x7C, 0x14, 0x14, 0x14, 0x08}, {0x08, 0x14, 0x14, 0x14, 0x7C}, // p q
    {0x7C, 0x08, 0x04, 0x04, 0x08}, {0x48, 0x54, 0x54, 0x54, 0x24}, // r s
    {0x04, 0x3F, 0x44, 0x40, 0x20}, {0x3C, 0x40, 0x40, 0x20, 0x7C}, // t u
    {0x1C, 0x20, 0x40, 0x20, 0x1C}, {0x3C, 0x40, 0x30, 0x40, 0x3C}, // v w
    {0x44, 0x28, 0x10, 0x28, 0x44}, {0x0C, 0x50, 0x50, 0x50, 0x3C}, // x y
    {0x44, 0x64, 0x54, 0x4C, 0x44}, {0x00, 0x08, 0x36, 0x41, 0x00}, // z {
    {0x00, 0x00, 0x7F, 0x00, 0x00}, {0x00, 0x41, 0x36, 0x08, 0x00}, // | }
    {0x08, 0x04, 0x08, 0x10, 0x08},                                 // ~
};

struct RGB {
  uint8_t r, g, b;
};
constexpr RGB kText{26, 26, 26}, kFrame{38, 38, 38}, kGrid{230, 230, 230},
    kLegendBorder{204, 204, 204}, kWhite{255, 255, 255};
// matplotlib's tab10.
constexpr RGB kPalette[10] = {{0x1f, 0x77, 0xb4}, {0xff, 0x7f, 0x0e},
                              {0x2c, 0xa0, 0x2c}, {0xd6, 0x27, 0x28},
                              {0x94, 0x67, 0xbd}, {0x8c, 0x56, 0x4b},
                              {0xe3, 0x77, 0xc2}, {0x7f, 0x7f, 0x7f},
                              {0xbc, 0xbd, 0x22}, {0x17, 0xbe, 0xcf}};

int textWidth(StringRef s, int scale) {
  return s.empty() ? 0 : (6 * int(s.size()) - 1) * scale;
}

/// An RGB image; drawing outside the image or outside columns
/// [clipX0, clipX1) does nothing.
struct Canvas {
  Canvas(unsigned w, unsigned h)
      : w(w), h(h), pixels(size_t(w) * h * 3, 255), clipX1(int(w)) {}

  void set(int x, int y, RGB c) {
    if (x < clipX0 || x >= clipX1 || y < 0 || y >= int(h))
      return;
    uint8_t *p = &pixels[(size_t(y) * w + size_t(x)) * 3];
    p[0] = c.r, p[1] = c.g, p[2] = c.b;
  }
  void fill(int x0, int y0, int x1, int y1, RGB c) { // inclusive
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x)
        set(x, y, c);
  }
  /// A 2-pixel-wide line (Bresenham, the second pixel across the line).
  void line(int x0, int y0, int x1, int y1, RGB c) {
    int dx = std::abs(x1 - x0), dy = -std::abs(y1 - y0);
    int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, err = dx + dy;
    bool steep = -dy > dx;
    for (;;) {
      set(x0, y0, c);
      set(x0 + steep, y0 + !steep, c);
      if (x0 == x1 && y0 == y1)
        break;
      int e2 = 2 * err;
      if (e2 >= dy)
        err += dy, x0 += sx;
      if (e2 <= dx)
        err += dx, y0 += sy;
    }
  }
  void disc(int cx, int cy, int r, RGB c) {
    for (int y = -r; y <= r; ++y)
      for (int x = -r; x <= r; ++x)
        if (x * x + y * y <= r * r + 1)
          set(cx + x, cy + y, c);
  }
  /// Text with its top-left corner at (x, y); `up`: rotated a quarter turn
  /// counter-clockwise, (x, y) its bottom-left corner, read upwards.
  void text(int x, int y, StringRef s, int scale, RGB c, bool up = false) {
    for (size_t i = 0; i < s.size(); ++i) {
      unsigned ch = static_cast<unsigned char>(s[i]);
      const uint8_t *glyph = kFont[(ch < 32 || ch > 126 ? '?' : ch) - 32];
      for (int col = 0; col < 5; ++col)
        for (int row = 0; row < 7; ++row) {
          if (!((glyph[col] >> row) & 1))
            continue;
          int gx = (int(i) * 6 + col) * scale, gy = row * scale;
          for (int d = 0; d < scale * scale; ++d) {
            int u = gx + d % scale, v = gy + d / scale;
            if (up)
              set(x + v, y - u, c);
            else
              set(x + u, y + v, c);
          }
        }
    }
  }

  unsigned w, h;
  std::vector<uint8_t> pixels;
  int clipX0 = 0, clipX1;
};

/// Ticks at whole multiples of a step of 1, 2 or 5 x 10^k, about `target`
/// of them, covering [lo, hi] (lo < hi).
std::vector<double> niceTicks(double lo, double hi, int target, double &step) {
  // Dividing first keeps the width finite for any finite lo and hi.
  double raw = hi / target - lo / target;
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double norm = raw / mag;
  step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
  double first = std::floor(lo / step + 1e-9),
         last = std::ceil(hi / step - 1e-9);
  // Denormal widths, or too few bits to count the steps: the bare ends.
  if (!(step > 0) || !std::isfinite(step) || !(last - first >= 1) ||
      last - first > 100 || first + 1 == first || last - 1 == last) {
    step = hi - lo;
    return {lo, hi};
  }
  std::vector<double> ticks;
  for (double k = first; k <= last; k += 1)
    ticks.push_back(k * step);
  return ticks;
}

std::string tickLabel(double v, double step) {
  char buf[64];
  if (std::fabs(v) < 1e6 && step >= 1)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else if (std::fabs(v) < 1e6 && step >= 1e-4)
    std::snprintf(buf, sizeof buf, "%.*f",
                  int(std::ceil(-std::log10(step) - 1e-9)), v);
  else
    std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

struct Layout {
  ChartFrame frame;
  int x0, x1, titleScale;
  std::vector<double> xTicks, yTicks;
  std::vector<std::string> xLabels, yLabels;
};

bool finitePoint(const Series &s, size_t i) {
  return std::isfinite(s.x[i]) && std::isfinite(s.y[i]);
}
size_t numPoints(const Series &s) { return std::min(s.x.size(), s.y.size()); }

/// [lo, hi] of the axis before widening to ticks.
void axisRange(double &lo, double &hi, bool any) {
  if (!any) {
    lo = 0, hi = 1;
  } else if (lo == hi) {
    double v = lo, d = v == 0 ? 1 : std::fabs(v) / 10;
    lo = std::isfinite(v - d) ? v - d : v;
    hi = std::isfinite(v + d) ? v + d : v;
  }
}

Layout layoutChart(const Chart &chart, unsigned index, unsigned count,
                   unsigned width, unsigned height) {
  Layout l;
  l.x0 = int(uint64_t(index) * width / count);
  l.x1 = int(uint64_t(index + 1) * width / count);
  int h = int(height);
  l.titleScale = l.x1 - l.x0 >= 360 && h >= 240 ? 2 : 1;

  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  bool any = false;
  for (const Series &s : chart.series)
    for (size_t i = 0; i < numPoints(s); ++i)
      if (finitePoint(s, i)) {
        any = true;
        xlo = std::min(xlo, s.x[i]), xhi = std::max(xhi, s.x[i]);
        ylo = std::min(ylo, s.y[i]), yhi = std::max(yhi, s.y[i]);
      }
  axisRange(xlo, xhi, any);
  axisRange(ylo, yhi, any);

  ChartFrame &f = l.frame;
  f.top = chart.title.empty() ? 12 : 18 + 7 * l.titleScale;
  f.bottom = std::max(f.top + 1, h - (chart.xLabel.empty() ? 22 : 35));
  double step;
  l.yTicks = niceTicks(ylo, yhi, std::max(2, (f.bottom - f.top) / 60), step);
  int labelWidth = 0;
  for (double t : l.yTicks) {
    l.yLabels.push_back(tickLabel(t, step));
    labelWidth = std::max(labelWidth, textWidth(l.yLabels.back(), 1));
  }
  f.left = l.x0 + 14 + labelWidth + (chart.yLabel.empty() ? 0 : 13);
  f.right = std::max(f.left + 1, l.x1 - 17);
  l.xTicks = niceTicks(xlo, xhi, std::max(2, (f.right - f.left) / 80), step);
  for (double t : l.xTicks)
    l.xLabels.push_back(tickLabel(t, step));
  f.xMin = l.xTicks.front(), f.xMax = l.xTicks.back();
  f.yMin = l.yTicks.front(), f.yMax = l.yTicks.back();
  return l;
}

int toPixel(int from, int to, double t) {
  if (!(t >= 0)) // NaN too
    t = 0;
  return int(std::lround(from + std::min(t, 1.0) * (to - from)));
}
int mapX(const ChartFrame &f, double x) {
  return toPixel(f.left, f.right, (x - f.xMin) / (f.xMax - f.xMin));
}
int mapY(const ChartFrame &f, double y) {
  return toPixel(f.bottom, f.top, (y - f.yMin) / (f.yMax - f.yMin));
}

/// The legend: in the corner of the plot area that covers the fewest points
/// and line samples (upper right first on ties).
void drawLegend(Canvas &c, const Chart &chart, const ChartFrame &f) {
  int entries = 0, labelWidth = 0;
  for (const Series &s : chart.series)
    if (!s.label.empty())
      ++entries, labelWidth = std::max(labelWidth, textWidth(s.label, 1));
  if (!entries)
    return;
  int bw = 5 + 18 + 6 + labelWidth + 6, bh = 6 + entries * 11;
  int cx[4] = {f.right - 8 - bw, f.left + 8, f.right - 8 - bw, f.left + 8};
  int cy[4] = {f.top + 8, f.top + 8, f.bottom - 8 - bh, f.bottom - 8 - bh};
  int best = 0;
  long bestCovered = -1;
  for (int k = 0; k < 4; ++k) {
    long covered = 0;
    auto count = [&](int x, int y) {
      covered += x >= cx[k] - 3 && x <= cx[k] + bw + 3 && y >= cy[k] - 3 &&
                 y <= cy[k] + bh + 3;
    };
    for (const Series &s : chart.series)
      for (size_t i = 0; i < numPoints(s); ++i) {
        if (!finitePoint(s, i))
          continue;
        int px = mapX(f, s.x[i]), py = mapY(f, s.y[i]);
        count(px, py);
        if (i + 1 < numPoints(s) && finitePoint(s, i + 1))
          for (int j = 1; j < 10; ++j)
            count(px + (mapX(f, s.x[i + 1]) - px) * j / 10,
                  py + (mapY(f, s.y[i + 1]) - py) * j / 10);
      }
    if (bestCovered < 0 || covered < bestCovered)
      best = k, bestCovered = covered;
  }
  int bx = cx[best], by = cy[best];
  c.fill(bx, by, bx + bw, by + bh, kWhite);
  c.fill(bx, by, bx + bw, by, kLegendBorder);
  c.fill(bx, by + bh, bx + bw, by + bh, kLegendBorder);
  c.fill(bx, by, bx, by + bh, kLegendBorder);
  c.fill(bx + bw, by, bx + bw, by + bh, kLegendBorder);
  int row = 0;
  for (size_t i = 0; i < chart.series.size(); ++i) {
    const Series &s = chart.series[i];
    if (s.label.empty())
      continue;
    RGB colour = kPalette[i % 10];
    int ty = by + 5 + row++ * 11;
    c.line(bx + 5, ty + 3, bx + 23, ty + 3, colour);
    c.disc(bx + 14, ty + 3, 3, colour);
    c.text(bx + 29, ty, s.label, 1, kText);
  }
}

void drawChart(Canvas &c, const Chart &chart, unsigned index, unsigned count) {
  Layout l = layoutChart(chart, index, count, c.w, c.h);
  const ChartFrame &f = l.frame;
  c.clipX0 = l.x0, c.clipX1 = l.x1;

  for (double t : l.xTicks)
    if (int x = mapX(f, t); x > f.left && x < f.right)
      c.fill(x, f.top + 1, x, f.bottom - 1, kGrid);
  for (double t : l.yTicks)
    if (int y = mapY(f, t); y > f.top && y < f.bottom)
      c.fill(f.left + 1, y, f.right - 1, y, kGrid);
  c.fill(f.left, f.top, f.right, f.top, kFrame);
  c.fill(f.left, f.bottom, f.right, f.bottom, kFrame);
  c.fill(f.left, f.top, f.left, f.bottom, kFrame);
  c.fill(f.right, f.top, f.right, f.bottom, kFrame);
  for (size_t i = 0; i < l.xTicks.size(); ++i) {
    int x = mapX(f, l.xTicks[i]);
    c.fill(x, f.bottom + 1, x, f.bottom + 4, kFrame);
    c.text(x - textWidth(l.xLabels[i], 1) / 2, f.bottom + 8, l.xLabels[i], 1,
           kText);
  }
  for (size_t i = 0; i < l.yTicks.size(); ++i) {
    int y = mapY(f, l.yTicks[i]);
    c.fill(f.left - 4, y, f.left - 1, y, kFrame);
    c.text(f.left - 8 - textWidth(l.yLabels[i], 1), y - 3, l.yLabels[i], 1,
           kText);
  }

  for (size_t si = 0; si < chart.series.size(); ++si) {
    const Series &s = chart.series[si];
    RGB colour = kPalette[si % 10];
    for (size_t i = 0; i + 1 < numPoints(s); ++i)
      if (finitePoint(s, i) && finitePoint(s, i + 1))
        c.line(mapX(f, s.x[i]), mapY(f, s.y[i]), mapX(f, s.x[i + 1]),
               mapY(f, s.y[i + 1]), colour);
    for (size_t i = 0; i < numPoints(s); ++i)
      if (finitePoint(s, i))
        c.disc(mapX(f, s.x[i]), mapY(f, s.y[i]), 3, colour);
  }
  drawLegend(c, chart, f);

  int ts = l.titleScale;
  c.text((l.x0 + l.x1) / 2 - textWidth(chart.title, ts) / 2, 8, chart.title, ts,
         kText);
  c.text((f.left + f.right) / 2 - textWidth(chart.xLabel, 1) / 2, f.bottom + 21,
         chart.xLabel, 1, kText);
  c.text(l.x0 + 6, (f.top + f.bottom) / 2 + textWidth(chart.yLabel, 1) / 2,
         chart.yLabel, 1, kText, /*up=*/true);
}

void putBE32(std::vector<uint8_t> &out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(uint8_t(v >> shift));
}

void putChunk(std::vector<uint8_t> &out, const char *type,
              ArrayRef<uint8_t> data) {
  putBE32(out, uint32_t(data.size()));
  size_t start = out.size();
  out.insert(out.end(), type, type + 4);
  out.insert(out.end(), data.begin(), data.end());
  putBE32(out, llvm::crc32(ArrayRef<uint8_t>(out).drop_front(start)));
}

/// A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951, BTYPE 00).
std::vector<uint8_t> storedZlib(ArrayRef<uint8_t> raw) {
  std::vector<uint8_t> out = {0x78, 0x01}; // deflate, 32K window; % 31 == 0
  size_t pos = 0;
  do {
    size_t n = std::min<size_t>(65535, raw.size() - pos);
    out.push_back(pos + n == raw.size()); // BFINAL, BTYPE 00
    for (uint16_t v : {uint16_t(n), uint16_t(~n)})
      out.push_back(uint8_t(v)), out.push_back(uint8_t(v >> 8));
    out.insert(out.end(), raw.begin() + pos, raw.begin() + pos + n);
    pos += n;
  } while (pos < raw.size());
  uint32_t a = 1, b = 0; // Adler-32
  for (uint8_t byte : raw)
    a = (a + byte) % 65521, b = (b + a) % 65521;
  putBE32(out, b << 16 | a);
  return out;
}

} // namespace

std::vector<uint8_t> tq::encodePNG(ArrayRef<uint8_t> rgb, unsigned width,
                                   unsigned height, bool useZlib) {
  assert(rgb.size() == size_t(width) * height * 3 && "one RGB triple a pixel");
  size_t rowBytes = size_t(width) * 3;
  std::vector<uint8_t> raw;
  raw.reserve(height * (rowBytes + 1));
  for (unsigned y = 0; y < height; ++y) {
    raw.push_back(0); // filter: none
    raw.insert(raw.end(), rgb.begin() + y * rowBytes,
               rgb.begin() + (y + 1) * rowBytes);
  }
  std::vector<uint8_t> idat;
  if (useZlib && llvm::compression::zlib::isAvailable()) {
    llvm::SmallVector<uint8_t, 0> buffer;
    llvm::compression::zlib::compress(raw, buffer);
    idat.assign(buffer.begin(), buffer.end());
  } else {
    idat = storedZlib(raw);
  }

  std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  std::vector<uint8_t> ihdr;
  putBE32(ihdr, width);
  putBE32(ihdr, height);
  ihdr.insert(ihdr.end(), {8, 2, 0, 0, 0}); // 8-bit RGB, deflate, no interlace
  putChunk(png, "IHDR", ihdr);
  putChunk(png, "IDAT", idat);
  putChunk(png, "IEND", {});
  return png;
}

ChartFrame tq::chartFrame(const Chart &chart, unsigned index, unsigned count,
                          unsigned width, unsigned height) {
  count = std::max(count, 1u);
  return layoutChart(chart, std::min(index, count - 1), count, width, height)
      .frame;
}

llvm::Error tq::writeLineChartsPNG(StringRef path, ArrayRef<Chart> charts,
                                   unsigned width, unsigned height) {
  auto failure = [&](const llvm::Twine &why) {
    return llvm::createStringError(std::make_error_code(std::errc::io_error),
                                   "cannot write '" + path + "': " + why);
  };
  if (width < 1 || height < 1 || width > 16384 || height > 16384)
    return failure("image size " + llvm::Twine(width) + "x" +
                   llvm::Twine(height) + " is outside 1..16384");
  Canvas canvas(width, height);
  for (size_t i = 0; i < charts.size(); ++i)
    drawChart(canvas, charts[i], unsigned(i), unsigned(charts.size()));
  std::vector<uint8_t> png = encodePNG(canvas.pixels, width, height);

  return writeFileAtomically(
      path, llvm::StringRef(reinterpret_cast<const char *>(png.data()),
                            png.size()));
}
