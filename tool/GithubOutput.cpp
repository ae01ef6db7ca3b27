//===----------------------------------------------------------------------===//
//
// GitHub Actions annotations.
//
//===----------------------------------------------------------------------===//

#include "GithubOutput.h"
#include "Fingerprint.h"

namespace corolint {

/// Escaping of workflow commands: data escapes %, CR and LF; property
/// values also ':' and ','.
static std::string escape(llvm::StringRef Text, bool Property) {
  std::string Out;
  for (char C : Text) {
    switch (C) {
    case '%': Out += "%25"; break;
    case '\r': Out += "%0D"; break;
    case '\n': Out += "%0A"; break;
    case ':': Out += Property ? "%3A" : ":"; break;
    case ',': Out += Property ? "%2C" : ","; break;
    default: Out += C;
    }
  }
  return Out;
}

static std::string command(llvm::StringRef Level, const Finding &F,
                           llvm::StringRef Root, llvm::StringRef Title) {
  std::string Line = "::" + Level.str() + " file=" +
                     escape(relativeToRoot(F.Where.File, Root), true) +
                     ",line=" + std::to_string(F.Where.Line) +
                     ",col=" + std::to_string(F.Where.Column);
  if (!Title.empty())
    Line += ",title=" + escape(Title, true);
  std::string Message = F.Message;
  for (const FindingNote &N : F.Notes)
    Message += "\n" + relativeToRoot(N.Where.File, Root) + ":" +
               std::to_string(N.Where.Line) + ": note: " + N.Message;
  return Line + "::" + escape(Message, false) + "\n";
}

std::string renderGithub(const Report &R) {
  std::string Out;
  for (const Finding &F : R.Findings)
    Out += command("warning", F, R.SourceRoot, F.Check);
  for (const FileFailure &Failure : R.Failures) {
    for (const Finding &E : Failure.Errors)
      Out += command("error", E, R.SourceRoot, "compiler error");
    if (Failure.Errors.empty())
      Out += "::error file=" +
             escape(relativeToRoot(Failure.File, R.SourceRoot), true) +
             ",title=corolint::" + escape(Failure.Reason, false) + "\n";
  }
  return Out;
}

} // namespace corolint
