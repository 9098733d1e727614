//===- PrecompiledHeaders.cpp - The object that builds tq_pch ------------===//
//
// Empty: CMake compiles the precompiled header (lib/CMakeLists.txt,
// TQ_PRECOMPILED_HEADERS) with this file's flags, which are the libraries'.
//
//===----------------------------------------------------------------------===//
