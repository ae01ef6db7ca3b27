//===----------------------------------------------------------------------===//
//
// What the tool reports: a finding (check, message, location, notes, fixes),
// independent of how it is rendered (text today; SARIF, baselines and LSP
// diagnostics render the same struct).
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_FINDING_H
#define COROLINT_TOOL_FINDING_H

#include <string>
#include <vector>

namespace corolint {

/// A position in a file; Line and Column are 1-based, Column counts bytes.
struct SourcePosition {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
};

/// One textual edit of a fix-it: replace Length bytes at Offset.
struct TextEdit {
  std::string File;
  unsigned Offset = 0;
  unsigned Length = 0;
  std::string Replacement;
};

struct FindingNote {
  SourcePosition Where;
  std::string Message;
};

enum class Severity { Warning, Error };

/// One diagnostic of a corolint check (or a compiler error, with
/// Check == "clang-diagnostic-error").
struct Finding {
  std::string Check;
  Severity Level = Severity::Warning;
  SourcePosition Where;
  std::string Message;
  std::vector<FindingNote> Notes;
  std::vector<TextEdit> Fixes;
  /// Stable identity across unrelated edits (Fingerprint.h); filled by the
  /// driver before output, empty until then.
  std::string Fingerprint;

  bool isConfigurationError() const { return Check == "clang-tidy-config"; }
  bool isCompilerError() const {
    return Level == Severity::Error &&
           Check.rfind("clang-diagnostic", 0) == 0;
  }
};

} // namespace corolint

#endif
