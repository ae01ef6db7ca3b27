//===----------------------------------------------------------------------===//
//
// Check fixtures: C++ files whose comments say which diagnostics the checks
// must produce, in clang-tidy's own syntax, so a fixture reads like the
// upstream tests and every expectation sits next to its code:
//
//   compute();
//   // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task returned by 'compute' is discarded [corolint-unawaited-task]
//   // CHECK-NOTES: :[[@LINE-2]]:3: note: ...
//   // CHECK-FIXES: co_await compute();
//
// Every diagnostic in the fixture file must be expected and every
// expectation must be met: a missing *or* an unexpected warning or note
// fails the test. Message text is matched as a prefix (the `[check]` suffix
// may be omitted). Directives:
//   // CHECKS: corolint-a,corolint-b   checks to run (default: corolint-<file stem>)
//   // CHECK-OPTION: key=value          a check option (repeatable)
//   // COMPILE-FLAGS: -DX=1             extra compiler flags
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TEST_HARNESS_FIXTURE_H
#define COROLINT_TEST_HARNESS_FIXTURE_H

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace corolint::test {

/// One diagnostic, expected or actual.
struct Diagnostic {
  unsigned Line = 0;
  unsigned Column = 0;
  std::string Level; ///< "warning", "error" or "note"
  std::string Message;
  std::string str() const;
};

struct Fixture {
  std::string Path;
  std::vector<std::string> Checks;
  std::vector<std::pair<std::string, std::string>> Options;
  std::vector<std::string> CompileFlags;
  std::vector<Diagnostic> Expected;
  std::vector<std::string> ExpectedFixes; ///< lines, in order, after --fix
};

/// Parses \p Path; throws std::runtime_error naming the line on a malformed
/// directive (a typo in an expectation must not silently pass).
Fixture parseFixture(const std::string &Path);

/// Diagnostics printed by clang-tidy or corolint for \p File, parsed from
/// `file:line:col: level: message` lines. Diagnostics in other files are
/// dropped, except errors, which go to \p OtherErrors.
std::vector<Diagnostic> parseDiagnostics(const std::string &Output,
                                         const std::string &File,
                                         std::vector<std::string> &OtherErrors);

/// Compares: returns one line per missing or unexpected diagnostic.
std::vector<std::string> compare(const std::vector<Diagnostic> &Expected,
                                 const std::vector<Diagnostic> &Actual);

/// Lines of \p ExpectedFixes not found, in order, in \p FixedText.
std::vector<std::string> missingFixes(const std::vector<std::string> &Expected,
                                      const std::string &FixedText);

/// Runs a shell command; returns its exit status and combined output.
struct CommandResult {
  int Status = -1;
  std::string Output;
};
CommandResult runCommand(const std::string &Command);

/// Quotes \p S for /bin/sh.
std::string shellQuote(const std::string &S);

std::string readFile(const std::string &Path);

/// A GoogleTest parameter name for the file \p Path: its stem, with every
/// character that is not a letter or digit made '_'.
std::string testNameOfFile(const std::string &Path);

} // namespace corolint::test

#endif
