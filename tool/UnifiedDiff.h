//===----------------------------------------------------------------------===//
//
// A unified diff (`diff -u` form, three lines of context) between a file's
// text and the text after its fix-its, for `--fix --dry-run`. The changed
// line ranges are known from the edits, so no general diff algorithm is
// needed: each edit's lines are one change, and changes whose contexts touch
// share a hunk.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_UNIFIEDDIFF_H
#define COROLINT_TOOL_UNIFIEDDIFF_H

#include "clang/Tooling/Core/Replacement.h"

#include <string>

namespace corolint {

/// The diff of applying \p Edits (all for \p Label's file) to \p Original;
/// "" when they change nothing.
std::string unifiedDiff(llvm::StringRef Label, llvm::StringRef Original,
                        const clang::tooling::Replacements &Edits);

} // namespace corolint

#endif
