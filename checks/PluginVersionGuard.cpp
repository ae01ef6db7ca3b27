//===----------------------------------------------------------------------===//
//
// Refuses to run inside a clang-tidy of another LLVM major version.
//
// The plugin links no LLVM library, so its LLVM symbols bind to whatever the
// host clang-tidy loaded. With a different major version the checks register
// and list fine but match nothing (the AST classes differ), and clang-tidy
// silently reports no findings. That is the worst outcome for a linter, so
// the plugin stops the process with a message instead.
//
//===----------------------------------------------------------------------===//

#include "llvm-c/Core.h"

#include <cstdio>
#include <cstdlib>

namespace {
struct PluginVersionGuard {
  PluginVersionGuard() {
    unsigned Major = 0, Minor = 0, Patch = 0;
    LLVMGetVersion(&Major, &Minor, &Patch);
    if (Major == COROLINT_LLVM_MAJOR)
      return;
    std::fprintf(stderr,
                 "corolint plugin: built for LLVM %d but loaded into LLVM "
                 "%u.%u.%u; use clang-tidy-%d or rebuild the plugin against "
                 "this LLVM\n",
                 COROLINT_LLVM_MAJOR, Major, Minor, Patch, COROLINT_LLVM_MAJOR);
    std::_Exit(3);
  }
};
const PluginVersionGuard Guard;
} // namespace
