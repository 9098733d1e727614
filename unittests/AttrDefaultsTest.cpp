//===- AttrDefaultsTest.cpp - tq::defaults against the attributes ---------===//
//
// tq::defaults (TQAttrDefaults.h.inc, generated from TQAttributes.td by
// utils/gen_attr_defaults.py) is what the quantizer-string parser starts
// from: each attribute written with its parameters left out has exactly
// those values, and a quantizer string with no options gives them too.
//
//===----------------------------------------------------------------------===//

#include "tq/Dialect/TQ/IR/QuantizerString.h"
#include "tq/Dialect/TQ/IR/TQDialect.h"

#include "tq/Dialect/TQ/IR/TQAttrDefaults.h.inc"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/MLIRContext.h"

#include "gtest/gtest.h"

namespace {

template <typename AttrT>
AttrT parse(mlir::MLIRContext &ctx, llvm::StringRef text) {
  ctx.getOrLoadDialect<tq::TQDialect>();
  return llvm::dyn_cast_if_present<AttrT>(mlir::parseAttribute(text, &ctx));
}

TEST(AttrDefaults, MatchTheAttributes) {
  mlir::MLIRContext ctx;
  namespace d = tq::defaults;
  auto bs = parse<tq::BlockScaledAttr>(ctx, "#tq.block_scaled<>");
  ASSERT_TRUE(bs);
  EXPECT_EQ(bs.getElement(), d::BlockScaled::element);
  EXPECT_EQ(bs.getBlock(), d::BlockScaled::block);
  EXPECT_EQ(bs.getScale(), d::BlockScaled::scale);
  EXPECT_EQ(bs.getTensorScale(), d::BlockScaled::tensor_scale);
  EXPECT_EQ(bs.getRounding(), d::BlockScaled::rounding);
  EXPECT_EQ(bs.getAxis(), d::BlockScaled::axis);
  auto mx = parse<tq::MXAttr>(ctx, "#tq.mx<>");
  ASSERT_TRUE(mx);
  EXPECT_EQ(mx.getBlock(), d::MX::block);
  EXPECT_EQ(mx.getAxis(), d::MX::axis);
  EXPECT_EQ(mx.getRounding(), d::MX::rounding);
  EXPECT_EQ(mx.getScaleRounding(), d::MX::scale_rounding);
  auto g = parse<tq::GroupIntAttr>(ctx, "#tq.group_int<>");
  ASSERT_TRUE(g);
  EXPECT_EQ(g.getBits(), d::GroupInt::bits);
  EXPECT_EQ(g.getGroup(), d::GroupInt::group);
  EXPECT_EQ(g.getSymmetric(), d::GroupInt::symmetric);
  EXPECT_EQ(g.getScale(), d::GroupInt::scale);
  auto f = parse<tq::FixedAttr>(ctx, "#tq.fixed<bits = 8, frac = 4>");
  ASSERT_TRUE(f);
  EXPECT_EQ(f.getIsSigned(), d::Fixed::is_signed);
  EXPECT_EQ(f.getRounding(), d::Fixed::rounding);
  EXPECT_EQ(f.getOverflow(), d::Fixed::overflow);
  auto t = parse<tq::TernaryAttr>(ctx, "#tq.ternary<>");
  ASSERT_TRUE(t);
  EXPECT_EQ(double(t.getScale()), d::Ternary::scale);
  EXPECT_FALSE(t.getThreshold().has_value());
  EXPECT_FALSE(d::Ternary::threshold.has_value());
}

TEST(AttrDefaults, StringsWithoutOptionsGiveThem) {
  mlir::MLIRContext ctx;
  ctx.getOrLoadDialect<tq::TQDialect>();
  for (auto [spec, attr] :
       {std::pair{"nvfp4", "#tq.block_scaled<>"},
        std::pair{"mxfp8", "#tq.mx<>"},
        std::pair{"int4_g128", "#tq.group_int<>"},
        std::pair{"ternary", "#tq.ternary<>"},
        std::pair{"bfp,8", "#tq.bfp<bits = 8>"},
        std::pair{"fp8_e4m3_rowwise", "#tq.scaled_fp8<>"}}) {
    tq::QuantizerStringError error;
    tq::QuantizerAttrInterface q = tq::parseQuantizerString(&ctx, spec, error);
    ASSERT_TRUE(q) << spec << ": " << error.message;
    EXPECT_EQ(mlir::Attribute(q), mlir::parseAttribute(attr, &ctx)) << spec;
  }
}

} // namespace
