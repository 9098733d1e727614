//===- PlotTest.cpp - PNG line charts -------------------------------------===//
//
// Writes charts, then reads the PNG back with a decoder written here
// (signature, chunk CRCs, IHDR, zlib stream, filter bytes) and checks pixels
// where the chart frame says the data lands.
//
//===----------------------------------------------------------------------===//

#include "tq/Support/Plot.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/Compression.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

using namespace tq;

namespace {

struct Image {
  unsigned width = 0, height = 0;
  std::vector<uint8_t> rgb;
  std::array<uint8_t, 3> at(int x, int y) const {
    const uint8_t *p = &rgb[(size_t(y) * width + x) * 3];
    return {p[0], p[1], p[2]};
  }
};

uint32_t be32(const uint8_t *p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 |
         p[3];
}

/// Decodes an 8-bit RGB, non-interlaced PNG whose rows all use filter 0,
/// checking everything on the way. `idatOut` receives the zlib stream.
void decode(const std::vector<uint8_t> &png, Image &image,
            std::vector<uint8_t> *idatOut = nullptr) {
  const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  ASSERT_GE(png.size(), 8u);
  ASSERT_TRUE(std::equal(signature, signature + 8, png.begin()));
  std::vector<uint8_t> idat;
  std::vector<std::string> types;
  size_t pos = 8;
  while (pos < png.size()) {
    ASSERT_LE(pos + 12, png.size());
    uint32_t length = be32(&png[pos]);
    ASSERT_LE(pos + 12 + length, png.size());
    std::string type(png.begin() + pos + 4, png.begin() + pos + 8);
    llvm::ArrayRef<uint8_t> typeAndData(&png[pos + 4], 4 + length);
    EXPECT_EQ(be32(&png[pos + 8 + length]), llvm::crc32(typeAndData))
        << "CRC of chunk " << type;
    const uint8_t *data = &png[pos + 8];
    if (type == "IHDR") {
      ASSERT_EQ(length, 13u);
      image.width = be32(data);
      image.height = be32(data + 4);
      EXPECT_EQ(data[8], 8) << "bit depth";
      EXPECT_EQ(data[9], 2) << "colour type RGB";
      EXPECT_EQ(data[10], 0) << "compression";
      EXPECT_EQ(data[11], 0) << "filter method";
      EXPECT_EQ(data[12], 0) << "interlace";
    } else if (type == "IDAT") {
      idat.insert(idat.end(), data, data + length);
    }
    types.push_back(type);
    pos += 12 + length;
  }
  ASSERT_GE(types.size(), 3u);
  EXPECT_EQ(types.front(), "IHDR");
  EXPECT_EQ(types.back(), "IEND");
  if (idatOut)
    *idatOut = idat;
  if (!llvm::compression::zlib::isAvailable())
    GTEST_SKIP() << "LLVM without zlib: cannot inflate here";
  size_t rowBytes = 1 + 3 * size_t(image.width);
  size_t expected = image.height * rowBytes;
  // One byte more than expected: a longer stream would fill it.
  std::vector<uint8_t> raw(expected + 1);
  size_t size = raw.size();
  llvm::Error e = llvm::compression::zlib::decompress(idat, raw.data(), size);
  ASSERT_FALSE(e) << llvm::toString(std::move(e));
  ASSERT_EQ(size, expected);
  image.rgb.clear();
  for (unsigned y = 0; y < image.height; ++y) {
    const uint8_t *row = &raw[y * rowBytes];
    ASSERT_LE(row[0], 4) << "filter type of row " << y;
    ASSERT_EQ(row[0], 0) << "row " << y << " (the writer uses filter 0)";
    image.rgb.insert(image.rgb.end(), row + 1, row + rowBytes);
  }
}

std::vector<uint8_t> readFile(const llvm::Twine &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  EXPECT_TRUE(bool(buffer)) << path.str();
  if (!buffer)
    return {};
  llvm::StringRef b = (*buffer)->getBuffer();
  return std::vector<uint8_t>(b.begin(), b.end());
}

std::vector<std::string> listDir(const llvm::Twine &dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec))
    names.push_back(llvm::sys::path::filename(it->path()).str());
  std::sort(names.begin(), names.end());
  return names;
}

/// A fresh directory, removed with its files at the end.
struct TempDir {
  TempDir() {
    EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("tq-plot-test", path));
  }
  ~TempDir() { llvm::sys::fs::remove_directories(path); }
  std::string file(llvm::StringRef name) const {
    llvm::SmallString<128> p(path);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }
  llvm::SmallString<128> path;
};

using Pixel = std::array<uint8_t, 3>;
const Pixel kWhite = {255, 255, 255};
const Pixel kBlue = {0x1f, 0x77, 0xb4};   // series 0
const Pixel kOrange = {0xff, 0x7f, 0x0e}; // series 1

int column(const ChartFrame &f, double x) {
  return int(std::lround(f.left + (x - f.xMin) / (f.xMax - f.xMin) *
                                      (f.right - f.left)));
}
int row(const ChartFrame &f, double y) {
  return int(std::lround(f.bottom - (y - f.yMin) / (f.yMax - f.yMin) *
                                        (f.bottom - f.top)));
}

/// Whether `colour` is within one pixel of (x, y).
bool near(const Image &image, int x, int y, Pixel colour) {
  for (int dy = -1; dy <= 1; ++dy)
    for (int dx = -1; dx <= 1; ++dx)
      if (image.at(x + dx, y + dy) == colour)
        return true;
  return false;
}

/// Series `s`'s colour at a quarter, half and three quarters of the segment
/// from point i to point i + 1.
void expectSegment(const Image &image, const ChartFrame &f, const Series &s,
                   size_t i, Pixel colour) {
  int x0 = column(f, s.x[i]), y0 = row(f, s.y[i]);
  int x1 = column(f, s.x[i + 1]), y1 = row(f, s.y[i + 1]);
  for (int q = 1; q <= 3; ++q) {
    int x = x0 + (x1 - x0) * q / 4, y = y0 + (y1 - y0) * q / 4;
    EXPECT_TRUE(near(image, x, y, colour))
        << s.label << " segment " << i << " at (" << x << ", " << y << ")";
  }
}

std::vector<Chart> trainingCharts() {
  std::vector<double> epochs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  Chart loss{"loss", "epoch", "cross-entropy", {}};
  loss.series.push_back(
      {"train",
       epochs,
       {2.3, 1.5, 1.1, 0.9, 0.75, 0.65, 0.55, 0.5, 0.45, 0.4}});
  loss.series.push_back(
      {"test",
       epochs,
       {2.0, 1.6, 1.3, 1.15, 1.05, 1.0, 0.98, 0.97, 0.99, 1.02}});
  Chart accuracy{"accuracy", "epoch", "top-1", {}};
  accuracy.series.push_back(
      {"train",
       epochs,
       {0.1, 0.4, 0.6, 0.7, 0.75, 0.8, 0.84, 0.87, 0.89, 0.9}});
  accuracy.series.push_back(
      {"test",
       epochs,
       {0.12, 0.38, 0.55, 0.62, 0.66, 0.68, 0.7, 0.71, 0.71, 0.7}});
  return {loss, accuracy};
}

TEST(Plot, TrainingCurves) {
  TempDir dir;
  std::string path = dir.file("curves.png");
  std::vector<Chart> charts = trainingCharts();
  ASSERT_FALSE(bool(writeLineChartsPNG(path, charts, 1000, 400)));
  EXPECT_EQ(listDir(dir.path), std::vector<std::string>{"curves.png"});

  Image image;
  decode(readFile(path), image);
  if (testing::Test::HasFatalFailure() || testing::Test::IsSkipped())
    return;
  EXPECT_EQ(image.width, 1000u);
  EXPECT_EQ(image.height, 400u);
  EXPECT_EQ(image.at(0, 0), kWhite);
  EXPECT_EQ(image.at(999, 399), kWhite);
  EXPECT_EQ(image.at(999, 0), kWhite);

  // Ranges widened to nice ticks, charts side by side.
  ChartFrame loss = chartFrame(charts[0], 0, 2, 1000, 400);
  ChartFrame accuracy = chartFrame(charts[1], 1, 2, 1000, 400);
  EXPECT_EQ(loss.xMin, 0);
  EXPECT_EQ(loss.xMax, 10);
  EXPECT_EQ(loss.yMin, 0);
  EXPECT_EQ(loss.yMax, 2.5);
  EXPECT_EQ(accuracy.yMin, 0);
  EXPECT_EQ(accuracy.yMax, 1);
  EXPECT_LT(loss.right, 500);
  EXPECT_GE(accuracy.left, 500);
  for (const ChartFrame &f : {loss, accuracy}) {
    EXPECT_LT(f.left, f.right);
    EXPECT_LT(f.top, f.bottom);
    // The frame is drawn dark at its left edge, halfway down.
    Pixel edge = image.at(f.left, (f.top + f.bottom) / 2);
    EXPECT_LT(edge[0], 80);
  }

  // The lines run between the points' pixels.
  expectSegment(image, loss, charts[0].series[0], 3, kBlue);
  expectSegment(image, loss, charts[0].series[0], 6, kBlue);
  expectSegment(image, loss, charts[0].series[1], 4, kOrange);
  expectSegment(image, accuracy, charts[1].series[0], 2, kBlue);
  expectSegment(image, accuracy, charts[1].series[1], 6, kOrange);
  // A marker sits on every point.
  const Series &train = charts[0].series[0];
  for (size_t i = 0; i < train.x.size(); ++i)
    EXPECT_EQ(image.at(column(loss, train.x[i]), row(loss, train.y[i])), kBlue)
        << i;
  // Inside the plot area, away from every line: background.
  EXPECT_EQ(image.at(column(loss, 5.5), row(loss, 2.0) + 3), kWhite);

  // The title, in the band above the plot area of each chart, is dark text.
  for (int panel = 0; panel < 2; ++panel) {
    int dark = 0;
    for (int y = 0; y < loss.top; ++y)
      for (int x = panel * 500; x < panel * 500 + 500; ++x)
        dark += image.at(x, y)[0] < 64 && image.at(x, y)[2] < 64;
    EXPECT_GT(dark, 30) << "title of chart " << panel;
  }
}

TEST(Plot, EdgeCases) {
  double nan = std::numeric_limits<double>::quiet_NaN();
  double inf = std::numeric_limits<double>::infinity();
  Chart empty{"empty", "", "", {}};
  Chart gaps{"", "x", "y", {}};
  // A NaN splits the line; an infinite point is skipped (and not part of the
  // range); a single point is a marker.
  gaps.series.push_back({"gap", {0, 1, 2, 3, 4}, {0, 1, nan, 3.3, inf}});
  gaps.series.push_back({"one", {2}, {2}});
  gaps.series.push_back({"", {}, {}}); // no legend entry
  Chart flat{"flat", "", "", {{"constant", {0, 1}, {5, 5}}}};

  ChartFrame e = chartFrame(empty, 0, 3, 900, 300);
  EXPECT_EQ(e.xMin, 0);
  EXPECT_EQ(e.xMax, 1);
  EXPECT_EQ(e.yMin, 0);
  EXPECT_EQ(e.yMax, 1);
  ChartFrame g = chartFrame(gaps, 1, 3, 900, 300);
  EXPECT_EQ(g.yMin, 0);
  EXPECT_EQ(g.yMax, 4);
  EXPECT_EQ(g.xMax, 3); // nor does the x of the infinite y
  ChartFrame f = chartFrame(flat, 2, 3, 900, 300);
  EXPECT_LE(f.yMin, 4.5);
  EXPECT_GE(f.yMax, 5.5);

  TempDir dir;
  std::string path = dir.file("edges.png");
  ASSERT_FALSE(bool(writeLineChartsPNG(path, {empty, gaps, flat}, 900, 300)));
  Image image;
  decode(readFile(path), image);
  if (testing::Test::HasFatalFailure() || testing::Test::IsSkipped())
    return;
  const Series &gap = gaps.series[0];
  expectSegment(image, g, gap, 0, kBlue);
  // No line from (1, 1) over the NaN to (3, 3.3).
  for (double t : {0.15, 0.3, 0.7, 0.85})
    EXPECT_NE(image.at(column(g, 1 + 2 * t), row(g, 1 + 2.3 * t)), kBlue) << t;
  EXPECT_EQ(image.at(column(g, 3), row(g, 3.3)), kBlue);
  EXPECT_EQ(image.at(column(g, 2), row(g, 2)), kOrange);
  // The empty chart: a frame, nothing inside.
  EXPECT_EQ(image.at(column(e, 0.3), row(e, 0.3)), kWhite);
  EXPECT_LT(image.at(e.left, (e.top + e.bottom) / 2)[0], 80);

  // No charts, tiny images: still PNGs.
  ASSERT_FALSE(bool(writeLineChartsPNG(path, {}, 3, 2)));
  decode(readFile(path), image);
  EXPECT_EQ(image.rgb, std::vector<uint8_t>(3 * 2 * 3, 255));
  ASSERT_FALSE(bool(writeLineChartsPNG(path, {gaps}, 40, 20)));
  decode(readFile(path), image);
  EXPECT_EQ(image.width, 40u);
  llvm::Error tooBig = writeLineChartsPNG(path, {}, 0, 10);
  ASSERT_TRUE(bool(tooBig));
  EXPECT_NE(llvm::toString(std::move(tooBig)).find(path), std::string::npos);
}

/// The fallback without zlib: stored deflate blocks, read here by hand.
TEST(Plot, StoredBlocks) {
  unsigned w = 200, h = 120; // 120 * 601 bytes: two stored blocks
  std::vector<uint8_t> rgb(w * h * 3);
  for (size_t i = 0; i < rgb.size(); ++i)
    rgb[i] = uint8_t(i * 7 + i / 600);
  std::vector<uint8_t> png = encodePNG(rgb, w, h, /*useZlib=*/false);
  Image image;
  std::vector<uint8_t> idat;
  decode(png, image, &idat);
  if (testing::Test::HasFatalFailure())
    return;
  EXPECT_EQ(image.width, w);
  EXPECT_EQ(image.height, h);
  if (!testing::Test::IsSkipped()) {
    EXPECT_EQ(image.rgb, rgb);
  }

  ASSERT_GE(idat.size(), 6u);
  EXPECT_EQ((idat[0] << 8 | idat[1]) % 31, 0) << "zlib header check";
  EXPECT_EQ(idat[0] & 0x0F, 8) << "deflate";
  std::vector<uint8_t> raw;
  size_t pos = 2, blocks = 0;
  bool final = false;
  while (!final) {
    ASSERT_LE(pos + 5, idat.size());
    final = idat[pos] & 1;
    EXPECT_EQ(idat[pos] >> 1, 0) << "BTYPE 00";
    unsigned len = idat[pos + 1] | idat[pos + 2] << 8;
    unsigned nlen = idat[pos + 3] | idat[pos + 4] << 8;
    EXPECT_EQ(len ^ 0xFFFF, nlen);
    ASSERT_LE(pos + 5 + len, idat.size());
    raw.insert(raw.end(), idat.begin() + pos + 5, idat.begin() + pos + 5 + len);
    pos += 5 + len;
    ++blocks;
  }
  EXPECT_EQ(blocks, 2u);
  ASSERT_EQ(raw.size(), h * (1 + 3 * w));
  uint32_t a = 1, b = 0;
  for (uint8_t byte : raw)
    a = (a + byte) % 65521, b = (b + a) % 65521;
  ASSERT_EQ(pos + 4, idat.size());
  EXPECT_EQ(be32(&idat[pos]), b << 16 | a) << "Adler-32";
  for (unsigned y = 0; y < h; ++y) {
    EXPECT_EQ(raw[y * (1 + 3 * w)], 0);
    EXPECT_TRUE(std::equal(rgb.begin() + y * 3 * w,
                           rgb.begin() + (y + 1) * 3 * w,
                           raw.begin() + y * (1 + 3 * w) + 1));
  }
}

TEST(Plot, UnwritablePath) {
  TempDir dir;
  std::vector<Chart> charts = trainingCharts();
  // A directory that does not exist.
  std::string missing = dir.file("no-such-dir/curves.png");
  llvm::Error e = writeLineChartsPNG(missing, charts);
  ASSERT_TRUE(bool(e));
  std::string message = llvm::toString(std::move(e));
  EXPECT_NE(message.find(missing), std::string::npos) << message;
  EXPECT_FALSE(llvm::sys::fs::exists(missing));
  EXPECT_TRUE(listDir(dir.path).empty());

  // The temporary file is written, then cannot replace a directory: it is
  // removed, the directory stays.
  std::string taken = dir.file("taken.png");
  ASSERT_FALSE(llvm::sys::fs::create_directory(taken));
  e = writeLineChartsPNG(taken, charts);
  ASSERT_TRUE(bool(e));
  message = llvm::toString(std::move(e));
  EXPECT_NE(message.find(taken), std::string::npos) << message;
  EXPECT_TRUE(llvm::sys::fs::is_directory(taken));
  EXPECT_EQ(listDir(dir.path), std::vector<std::string>{"taken.png"});
  EXPECT_TRUE(listDir(taken).empty());

  // Over an existing file: replaced whole.
  std::string existing = dir.file("old.png");
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(existing, ec);
    os << "not a png";
  }
  ASSERT_FALSE(bool(writeLineChartsPNG(existing, charts, 300, 200)));
  Image image;
  decode(readFile(existing), image);
  EXPECT_EQ(image.width, 300u);
  EXPECT_EQ(listDir(dir.path),
            (std::vector<std::string>{"old.png", "taken.png"}));
}

} // namespace
