//===----------------------------------------------------------------------===//
//
// Applies fix-its to the user's files: all edits of a file at once, through
// tooling::Replacements (conflicting edits are refused, not merged), and
// written atomically (a temporary file renamed over the original), so a file
// is never left half-written. A file whose contents changed on disk since it
// was analysed is refused: the edits' offsets no longer mean anything. With
// DryRun, nothing is written and the unified diff is returned instead.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_FIXAPPLIER_H
#define COROLINT_TOOL_FIXAPPLIER_H

#include "Finding.h"

#include <map>
#include <string>
#include <vector>

namespace corolint {

struct FixRequest {
  bool DryRun = false;
  /// Content hash (Runner.h contentHash) of each file when it was analysed;
  /// a file whose hash differs now is not touched.
  std::map<std::string, std::string> AnalysedHashes;
};

struct FixSummary {
  unsigned FilesChanged = 0;
  unsigned EditsApplied = 0;
  unsigned FindingsFixed = 0; ///< findings all of whose edits were applied
  std::string Diff;           ///< DryRun: the unified diff of every file
  std::vector<std::string> Problems; ///< one line each; nothing written for those files
};

FixSummary applyFixes(const std::vector<Finding> &Findings,
                      const FixRequest &Request);

} // namespace corolint

#endif
