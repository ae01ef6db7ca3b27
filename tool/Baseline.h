//===----------------------------------------------------------------------===//
//
// Baselines: the findings a team has accepted, so that CI fails only on new
// ones. A baseline is reviewable JSON (schema "corolint-baseline", version
// BaselineVersion), one entry per finding with its fingerprint, check, file
// (relative to the source root) and message, sorted by file, check,
// fingerprint and message, so regenerating it over unchanged code gives the
// same bytes.
//
// Matching is by fingerprint, counted: a baseline entry absorbs one current
// finding with its fingerprint, so a second identical finding in the same
// function is new, and a finding that only moved keeps its fingerprint and
// stays baselined. Entries left unmatched are stale (the finding was fixed).
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_BASELINE_H
#define COROLINT_TOOL_BASELINE_H

#include "Finding.h"

#include "llvm/Support/JSON.h"

#include <optional>
#include <string>
#include <vector>

namespace corolint {

inline constexpr int BaselineVersion = 1;

struct BaselineEntry {
  std::string Fingerprint;
  std::string Check;
  std::string File;
  std::string Message;
};

struct Baseline {
  std::vector<BaselineEntry> Entries; ///< sorted

  static Baseline fromFindings(const std::vector<Finding> &Findings,
                               llvm::StringRef SourceRoot);
  std::string render() const;
  /// Parses \p Path; on failure sets \p Error to one line naming the file.
  static std::optional<Baseline> load(const std::string &Path,
                                      std::string &Error);
  /// Parses a baseline JSON value (\p Path for messages).
  static std::optional<Baseline> fromJson(const llvm::json::Value &V,
                                          llvm::StringRef Path,
                                          std::string &Error);
  void sort();
};

struct BaselineMatch {
  std::vector<Finding> New;          ///< findings the baseline does not have
  std::vector<BaselineEntry> Stale;  ///< entries no finding matched
  unsigned Baselined = 0;
};

BaselineMatch matchBaseline(const Baseline &B,
                            const std::vector<Finding> &Findings);

} // namespace corolint

#endif
