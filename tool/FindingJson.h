//===----------------------------------------------------------------------===//
//
// Findings and per-file results as llvm::json values: the one serialisation
// behind the worker protocol, the result cache and `corolint merge`. The
// user-facing JSON format (JsonOutput.h) is built from the same functions.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_FINDINGJSON_H
#define COROLINT_TOOL_FINDINGJSON_H

#include "Finding.h"
#include "Runner.h"

#include "llvm/Support/JSON.h"

#include <optional>

namespace corolint {

llvm::json::Value toJson(const Finding &F);
/// Parses what toJson wrote; std::nullopt when a field is missing or mistyped.
std::optional<Finding> findingFromJson(const llvm::json::Value &V);

llvm::json::Value toJson(const FileResult &R);
std::optional<FileResult> fileResultFromJson(const llvm::json::Value &V);

/// JSON nested deeper than this is rejected before parsing (the parser and
/// every walk over a value recurse once per level).
inline constexpr unsigned MaxJsonDepth = 512;

/// Parses JSON \p Text read from \p Path; on failure returns nullopt and sets
/// \p Error to one line "PATH:LINE:COL: not valid JSON: ...".
std::optional<llvm::json::Value> parseJsonText(llvm::StringRef Text,
                                               llvm::StringRef Path,
                                               std::string &Error);

/// Reads and parses a JSON file; on failure returns nullopt and sets \p Error
/// to one line ("cannot read 'x': ..." or as parseJsonText).
std::optional<llvm::json::Value> readJsonFile(llvm::StringRef Path,
                                              std::string &Error);

/// The order in which findings are reported: file, line, column, check,
/// then message (so the order never depends on -j).
bool reportOrder(const Finding &A, const Finding &B);

} // namespace corolint

#endif
