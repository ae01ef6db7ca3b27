//===----------------------------------------------------------------------===//
//
// Writing a file so that readers see the old contents or the new ones, never
// a half-written file: a temporary file in the same directory, renamed over
// the destination. Used for --output, --fix, baselines and the cache.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_ATOMICFILE_H
#define COROLINT_TOOL_ATOMICFILE_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace corolint {

/// Writes \p Text to \p Path; returns "" or a one-line reason.
std::string writeFileAtomically(const std::string &Path, llvm::StringRef Text);

/// "" when \p Path could be created (its directory exists and is a
/// directory), else a one-line reason. Checked before any work is done.
std::string checkWritableDestination(const std::string &Path);

} // namespace corolint

#endif
