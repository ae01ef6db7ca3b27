//===----------------------------------------------------------------------===//
//
// `--format=github`: one GitHub Actions workflow command per finding
// (`::warning file=…,line=…,col=…,title=…::message`), which the runner
// shows as annotations on the pull request, without code scanning.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_GITHUBOUTPUT_H
#define COROLINT_TOOL_GITHUBOUTPUT_H

#include "Report.h"

namespace corolint {

std::string renderGithub(const Report &R);

} // namespace corolint

#endif
