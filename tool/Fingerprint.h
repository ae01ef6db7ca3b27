//===----------------------------------------------------------------------===//
//
// The fingerprint of a finding: what makes it "the same finding" after
// unrelated edits. Computed from the check, the file (relative to the source
// root), the flagged line's text and the signature of its enclosing function,
// each with whitespace normalised; never from line or column numbers, so
// lines inserted above a finding do not change it. Two findings of the same
// check on identical lines of one function share a fingerprint: baselines
// count them (Baseline.h).
//
// The enclosing function is found textually (braces outside comments and
// literals; the outermost block whose header is not a namespace, class,
// struct, union, enum or extern block), not from the AST, so the fingerprint
// can be computed by every consumer of a finding from the file alone.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_FINGERPRINT_H
#define COROLINT_TOOL_FINGERPRINT_H

#include "Finding.h"

#include "llvm/ADT/StringRef.h"

#include <map>
#include <string>
#include <vector>

namespace corolint {

/// \p Path relative to \p SourceRoot when it is under it, else unchanged.
std::string relativeToRoot(llvm::StringRef Path, llvm::StringRef SourceRoot);

/// Whitespace runs collapsed to one space, trimmed.
std::string normaliseWhitespace(llvm::StringRef Text);

/// The normalised header of the function enclosing byte \p Offset of
/// \p Text ("" at namespace scope).
std::string enclosingFunctionHeader(llvm::StringRef Text, size_t Offset);

/// Sets Fingerprint on every finding, reading each file once.
void assignFingerprints(std::vector<Finding> &Findings,
                        llvm::StringRef SourceRoot);

} // namespace corolint

#endif
