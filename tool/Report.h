//===----------------------------------------------------------------------===//
//
// The outcome of a run, as every output format renders it: the findings to
// report (already filtered by a baseline and in report order), the files
// that could not be analysed and why, and the counts.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_REPORT_H
#define COROLINT_TOOL_REPORT_H

#include "Finding.h"

#include <string>
#include <vector>

namespace corolint {

struct FileFailure {
  std::string File;
  std::string Reason;            ///< one line
  std::vector<Finding> Errors;   ///< the compiler errors, if any
};

struct Report {
  std::vector<Finding> Findings;
  std::vector<FileFailure> Failures;
  unsigned FilesAnalysed = 0;
  /// Absolute; paths under it are written relative to it (JSON, SARIF).
  std::string SourceRoot;
  /// Base URL of the check pages (docs/checks/ of a published copy of this
  /// repository) for SARIF's helpUri; "" for none.
  std::string DocsUrl;
};

/// The version line of `corolint --version` and of every output format.
std::string corolintVersion();

} // namespace corolint

#endif
