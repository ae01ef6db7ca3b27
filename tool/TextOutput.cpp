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

void TextOutput::colour(llvm::raw_ostream::Colors C, bool Bold) {
  if (Colour)
    OS << (Bold ? "\033[1m" : "")
       << "\033[" << (C == llvm::raw_ostream::SAVEDCOLOR ? 0 : 30 + int(C))
       << "m";
}

void TextOutput::resetColour() {
  if (Colour)
    OS << "\033[0m";
}

void TextOutput::printLocated(const SourcePosition &Where,
                              llvm::StringRef Level, llvm::StringRef Message,
                              llvm::StringRef Check) {
  if (Colour)
    OS << "\033[1m";
  if (!Where.File.empty())
    OS << Where.File << ":" << Where.Line << ":" << Where.Column << ": ";
  colour(Level == "error"     ? llvm::raw_ostream::RED
         : Level == "warning" ? llvm::raw_ostream::MAGENTA
                              : llvm::raw_ostream::BLACK,
         /*Bold=*/true);
  OS << Level << ":";
  resetColour();
  if (Colour)
    OS << "\033[1m";
  OS << " " << Message;
  if (!Check.empty())
    OS << " [" << Check << "]";
  resetColour();
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
  OS << Caret;
  colour(llvm::raw_ostream::GREEN, /*Bold=*/true);
  OS << "^";
  resetColour();
  OS << "\n";
  // An insertion at the finding's position is shown under the caret, as
  // clang shows fix-it hints.
  for (const TextEdit &Fix : Fixes)
    if (Fix.File == Where.File && Fix.Length == 0 && !Fix.Replacement.empty())
    {
      OS << Caret;
      colour(llvm::raw_ostream::GREEN);
      OS << Fix.Replacement;
      resetColour();
      OS << "\n";
    }
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
