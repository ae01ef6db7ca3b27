//===----------------------------------------------------------------------===//
//
// The documented exit statuses of `corolint` (docs/tool.md).
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_EXITSTATUS_H
#define COROLINT_TOOL_EXITSTATUS_H

namespace corolint {

enum ExitStatus : int {
  ExitClean = 0,        ///< every file analysed, no findings
  ExitFindings = 1,     ///< every file analysed, at least one finding
  ExitUsageError = 2,   ///< bad command line or configuration; nothing ran
  ExitAnalysisError = 3 ///< a file could not be analysed (others still were)
};

} // namespace corolint

#endif
