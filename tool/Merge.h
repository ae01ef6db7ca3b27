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

#include <string>
#include <vector>

namespace corolint {

/// Runs the merge subcommand (\p Args: everything after "merge"); returns
/// the exit status, errors printed as one line.
int runMerge(const std::vector<std::string> &Args);

} // namespace corolint

#endif
