//===----------------------------------------------------------------------===//
//
// Clang-style text rendering of findings.
//
//===----------------------------------------------------------------------===//

#include "TextOutput.h"

#include "llvm/Support/MemoryBuffer.h"

namespace corolint {

llvm::StringRef TextOutput::line(const std::string &File, unsigned Line) {
  auto [It, Inserted] = Lines.try_emplace(File);
  if (Inserted)
    if (auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/true)) {
      llvm::SmallVector<llvm::StringRef, 0> Split;
      (*Buffer)->getBuffer().split(Split, '\n');
      for (llvm::StringRef L : Split)
        It->second.push_back(L.rtrim("\r").str());
    }
  if (Line == 0 || Line > It->second.size())
    return "";
  return It->second[Line - 1];
}

void TextOutput::printLocated(const SourcePosition &Where,
                              llvm::StringRef Level, llvm::StringRef Message,
                              llvm::StringRef Check) {
  if (!Where.File.empty())
    OS << Where.File << ":" << Where.Line << ":" << Where.Column << ": ";
  OS << Level << ": " << Message;
  if (!Check.empty())
    OS << " [" << Check << "]";
  OS << "\n";
}

void TextOutput::printSnippet(const SourcePosition &Where,
                              const std::vector<TextEdit> &Fixes) {
  if (Where.File.empty() || Where.Line == 0)
    return;
  llvm::StringRef Text = line(Where.File, Where.Line);
  OS << Text << "\n";
  // Keep tabs so the caret lines up in a terminal.
  std::string Caret;
  for (unsigned I = 1; I < Where.Column && I - 1 < Text.size(); ++I)
    Caret += Text[I - 1] == '\t' ? '\t' : ' ';
  OS << Caret << "^\n";
  // An insertion at the finding's position is shown under the caret, as
  // clang shows fix-it hints.
  for (const TextEdit &Fix : Fixes)
    if (Fix.File == Where.File && Fix.Length == 0 && !Fix.Replacement.empty())
      OS << Caret << Fix.Replacement << "\n";
}

void TextOutput::print(const Finding &F) {
  printLocated(F.Where, F.Level == Severity::Error ? "error" : "warning",
               F.Message, F.isCompilerError() ? "" : F.Check);
  printSnippet(F.Where, F.Fixes);
  for (const FindingNote &N : F.Notes) {
    printLocated(N.Where, "note", N.Message, "");
    printSnippet(N.Where, {});
  }
}

} // namespace corolint
