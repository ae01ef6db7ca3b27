//===----------------------------------------------------------------------===//
//
// `corolint merge OUT IN...`: joins what the shards of a CI matrix wrote
// into one file of the same kind: JSON reports (findings sorted and
// deduplicated, failures and file counts added up), SARIF logs (one run) or
// baselines. Every input must be of the same kind; OUT is written
// atomically.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_MERGE_H
#define COROLINT_TOOL_MERGE_H

#include "llvm/Support/JSON.h"

#include <optional>
#include <string>
#include <vector>

namespace corolint {

/// One parsed input of a merge and the file it came from (for messages).
struct MergeInput {
  std::string Path;
  llvm::json::Value Document;
};

/// The text of the merge of \p Inputs (all of one kind), or std::nullopt
/// with \p Error set to one line naming the input at fault.
std::optional<std::string> mergeDocuments(const std::vector<MergeInput> &Inputs,
                                          std::string &Error);

/// Runs the merge subcommand (\p Args: everything after "merge"); returns
/// the exit status, errors printed as one line.
int runMerge(const std::vector<std::string> &Args);

} // namespace corolint

#endif
