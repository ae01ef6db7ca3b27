//===----------------------------------------------------------------------===//
//
// Per-file isolation: each file is analysed in a child process
// (`corolint --corolint-worker REQUEST RESULT`), so a file that crashes clang
// costs only that file. The request is JSON holding the file, its compile
// command and the run options; the result is a FileResult as JSON
// (FindingJson.h), written atomically.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_WORKER_H
#define COROLINT_TOOL_WORKER_H

#include "Runner.h"

namespace corolint {

/// The hidden first argument that makes corolint a worker.
inline constexpr const char *WorkerFlag = "--corolint-worker";

/// The worker's side: reads \p RequestPath, analyses, writes \p ResultPath.
int runWorker(llvm::StringRef RequestPath, llvm::StringRef ResultPath);

/// The driver's side: analyses \p File with \p Command in a child process
/// running \p Executable. A crash or an unreadable result is a Failure.
FileResult analyseInChild(const std::string &Executable,
                          const std::string &File,
                          const clang::tooling::CompileCommand &Command,
                          const RunOptions &Options);

} // namespace corolint

#endif
