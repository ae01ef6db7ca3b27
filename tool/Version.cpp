//===----------------------------------------------------------------------===//
//
// corolint's version, and the LLVM it was built against.
//
//===----------------------------------------------------------------------===//

#include "Report.h"

#include "llvm/Config/llvm-config.h"

#ifndef COROLINT_VERSION
#error "COROLINT_VERSION is defined by tool/CMakeLists.txt"
#endif

namespace corolint {

std::string corolintVersion() {
  return std::string(COROLINT_VERSION) + " (LLVM " LLVM_VERSION_STRING ")";
}

} // namespace corolint
