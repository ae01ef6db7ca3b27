//===----------------------------------------------------------------------===//
//
// Renders findings the way clang does: `file:line:col: warning: message
// [check]`, the source line, a caret, and fix-it text under it.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_TEXTOUTPUT_H
#define COROLINT_TOOL_TEXTOUTPUT_H

#include "Finding.h"

#include "llvm/Support/raw_ostream.h"

#include <map>
#include <string>
#include <vector>

namespace corolint {

class TextOutput {
public:
  /// \p Colour: bold locations, coloured levels, green carets and fix-its,
  /// as clang colours its diagnostics on a terminal.
  TextOutput(llvm::raw_ostream &OS, bool Colour) : OS(OS), Colour(Colour) {}
  void print(const Finding &F);

private:
  void printLocated(const SourcePosition &Where, llvm::StringRef Level,
                    llvm::StringRef Message, llvm::StringRef Check);
  void printSnippet(const SourcePosition &Where,
                    const std::vector<TextEdit> &Fixes);
  llvm::StringRef line(const std::string &File, unsigned Line);

  void colour(llvm::raw_ostream::Colors C, bool Bold = false);
  void resetColour();

  llvm::raw_ostream &OS;
  bool Colour;
  std::map<std::string, std::vector<std::string>> Lines;
};

} // namespace corolint

#endif
