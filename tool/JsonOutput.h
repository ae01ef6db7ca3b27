//===----------------------------------------------------------------------===//
//
// `--format=json`: the documented machine-readable report (docs/output.md),
// schema "corolint-report", version JsonReportVersion.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_JSONOUTPUT_H
#define COROLINT_TOOL_JSONOUTPUT_H

#include "Report.h"

#include "llvm/Support/JSON.h"

#include <optional>

namespace corolint {

inline constexpr int JsonReportVersion = 1;

llvm::json::Value reportToJson(const Report &R);
std::string renderJson(const Report &R);

/// Parses a report written by renderJson (for `corolint merge`); sets
/// \p Error to one line when \p V is not one.
std::optional<Report> reportFromJson(const llvm::json::Value &V,
                                     std::string &Error);

} // namespace corolint

#endif
