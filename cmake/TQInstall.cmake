# `cmake --install build --prefix P` installs tq as a CMake package:
#   P/bin/tq-opt, tq-run, tq-sweep, tq-translate, tq-train
#   P/lib/lib*.a (TQRunner included), libTQCAPI.so, TQPlugin.so,
#         libtq_reference_runtime.so, libtq_cuda_runtime.so
#   P/include/tq/..., P/include/tq-c/TQ.h   (headers, .td, generated .inc;
#         tq/Runner/ for TQRunner)
#   P/lib/cmake/tq/TQConfig.cmake, TQConfigVersion.cmake, TQTargets*.cmake
# An outside project does find_package(TQ) and links TQ::<target>.
include(CMakePackageConfigHelpers)

# lib/Reference gives TQReference the source include directory; installed, it
# is <prefix>/include (from INCLUDES DESTINATION below).
set_property(TARGET TQReference PROPERTY INTERFACE_INCLUDE_DIRECTORIES
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>)

set(TQ_INSTALL_PACKAGE_DIR lib/cmake/tq)
set(TQ_INSTALL_INCLUDE_DIR include)

install(TARGETS
    TQReference TQSupport MLIRTQ MLIRTQTransforms MLIRTQToArith MLIRTQToGPU TQPipelines TQAutodiff TQInitAll
    TQCAPI TQPlugin tq_reference_runtime
    TQImportONNX TQRunner TQTrain
    tq-opt tq-run tq-sweep tq-translate tq-train
  EXPORT TQTargets
  ARCHIVE DESTINATION lib
  LIBRARY DESTINATION lib
  RUNTIME DESTINATION bin
  INCLUDES DESTINATION include)

install(DIRECTORY include/tq include/tq-c
  DESTINATION include
  FILES_MATCHING PATTERN "*.h" PATTERN "*.td"
  PATTERN "CMakeLists.txt" EXCLUDE)
install(DIRECTORY ${PROJECT_BINARY_DIR}/include/tq
  DESTINATION include
  FILES_MATCHING PATTERN "*.inc"
  PATTERN "CMakeFiles" EXCLUDE)

install(EXPORT TQTargets
  NAMESPACE TQ::
  FILE TQTargets.cmake
  DESTINATION ${TQ_INSTALL_PACKAGE_DIR})

configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/TQConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/TQConfig.cmake
  INSTALL_DESTINATION ${TQ_INSTALL_PACKAGE_DIR}
  PATH_VARS TQ_INSTALL_INCLUDE_DIR)
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/cmake/TQConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/cmake/TQConfig.cmake
  ${PROJECT_BINARY_DIR}/cmake/TQConfigVersion.cmake
  DESTINATION ${TQ_INSTALL_PACKAGE_DIR})
