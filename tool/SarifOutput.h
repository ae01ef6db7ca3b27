//===----------------------------------------------------------------------===//
//
// `--format=sarif`: SARIF 2.1.0 (OASIS), as GitHub code scanning and most CI
// dashboards read it. One run; tool.driver carries one rule per check (from
// the check catalogue); each result carries its level, message, location
// relative to %SRCROOT%, the notes as related locations, the fix-its as
// `fixes` and the fingerprint as partialFingerprints["corolint/v1"].
// Files that could not be analysed are tool execution notifications.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_SARIFOUTPUT_H
#define COROLINT_TOOL_SARIFOUTPUT_H

#include "Report.h"

#include "llvm/Support/JSON.h"

namespace corolint {

llvm::json::Value reportToSarif(const Report &R);
std::string renderSarif(const Report &R);

/// Merges SARIF logs written by corolint: one run, the rules of all, the
/// results deduplicated and sorted. Sets \p Error when an input is not a
/// SARIF 2.1.0 log with exactly one run.
std::optional<llvm::json::Value>
mergeSarif(const std::vector<llvm::json::Value> &Logs, std::string &Error);

/// True when \p V looks like a SARIF log (has "runs" and version "2.1.0").
bool isSarifLog(const llvm::json::Value &V);

} // namespace corolint

#endif
