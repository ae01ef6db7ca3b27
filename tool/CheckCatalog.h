//===----------------------------------------------------------------------===//
//
// What the tool knows about each check without running it: the summary from
// checks/CheckList.def and the documentation page from docs/checks/ (built
// into the binary). Behind --list-checks, --explain and the SARIF rules.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_CHECKCATALOG_H
#define COROLINT_TOOL_CHECKCATALOG_H

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace corolint {

struct CheckInfo {
  std::string Name;       ///< "corolint-unawaited-task"
  std::string Summary;    ///< the one sentence of CheckList.def
  std::string Page;       ///< docs/checks/<name>.md, markdown
  std::string WhatItDoes; ///< the page's "What it does" section, plain text

  /// docs/checks/<name>.md, the page's path in the source tree.
  std::string pagePath() const;
};

/// Every check, sorted by name.
const std::vector<CheckInfo> &checkCatalog();
/// The check named \p Name (with or without "corolint-"), or nullptr.
const CheckInfo *findCheck(llvm::StringRef Name);

} // namespace corolint

#endif
