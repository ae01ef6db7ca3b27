//===----------------------------------------------------------------------===//
//
// What every fuzz target asserts beyond "no crash": a violated property
// aborts with what was expected, so libFuzzer saves the input as a crash.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TEST_FUZZ_FUZZSUPPORT_H
#define COROLINT_TEST_FUZZ_FUZZSUPPORT_H

#include "llvm/ADT/StringRef.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace corolint::fuzz {

/// Aborts with \p What and \p Detail: the property the input broke.
[[noreturn]] inline void violated(const char *What, const std::string &Detail) {
  std::fprintf(stderr, "fuzz property violated: %s\n%s\n", What,
               Detail.c_str());
  std::abort();
}

/// Requires \p Message to be one line starting "PATH:LINE:" (LINE >= 1).
inline void requirePosition(const std::string &Message, llvm::StringRef Path) {
  llvm::StringRef M(Message);
  if (M.contains('\n'))
    violated("an error message is one line", Message);
  if (!M.consume_front(Path) || !M.consume_front(":"))
    violated("an error message starts with the file name and ':'", Message);
  size_t Digits = 0;
  while (Digits < M.size() && std::isdigit(static_cast<unsigned char>(M[Digits])))
    ++Digits;
  unsigned Line = 0;
  if (Digits == 0 || M.take_front(Digits).getAsInteger(10, Line) || Line == 0 ||
      M.drop_front(Digits).empty() || M[Digits] != ':')
    violated("an error message gives the line as PATH:LINE:", Message);
}

/// Requires \p Message to be one line naming \p Path.
inline void requireNamesFile(const std::string &Message, llvm::StringRef Path) {
  if (llvm::StringRef(Message).contains('\n'))
    violated("an error message is one line", Message);
  if (!llvm::StringRef(Message).contains(Path))
    violated("an error message names the file", Message);
}

} // namespace corolint::fuzz

#endif
