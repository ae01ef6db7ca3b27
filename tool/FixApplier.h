//===----------------------------------------------------------------------===//
//
// Applies fix-its to the user's files: all edits of a file at once, through
// tooling::Replacements (conflicting edits are refused, not merged), and
// written atomically (a temporary file renamed over the original), so a file
// is never left half-written.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_FIXAPPLIER_H
#define COROLINT_TOOL_FIXAPPLIER_H

#include "Finding.h"

#include <string>
#include <vector>

namespace corolint {

struct FixSummary {
  unsigned FilesChanged = 0;
  unsigned EditsApplied = 0;
  std::vector<std::string> Problems; ///< one line each; nothing written for those files
};

FixSummary applyFixes(const std::vector<Finding> &Findings);

} // namespace corolint

#endif
