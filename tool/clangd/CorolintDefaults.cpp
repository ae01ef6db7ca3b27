//===----------------------------------------------------------------------===//
//
// The two places where corolint-clangd differs from clangd: corolint's checks
// are on when the user enables no clang-tidy checks, and clangd's fast-check
// filter keeps them.
//
// clangd offers no hook for either (no plugin, no registry of config
// providers in clangd 19), so both are link-time wrappers (ld --wrap, set in
// CMakeLists.txt) of two functions of clangd's TidyProvider.cpp:
//
//   provideDefaultChecks()  the provider clangd applies after .clang-tidy and
//                           .clangd; it fills in clangd's default checks when
//                           the user chose none. The wrapper adds corolint-*
//                           in exactly that case.
//   isFastTidyCheck(Name)   clangd's table of measured check costs; a check it
//                           does not know is dropped under the default
//                           `FastCheckFilter: Strict`. The wrapper answers
//                           "fast" for corolint-*: running them is what this
//                           binary is for, and their cost in clangd is
//                           measured (bench/clangd_latency.py,
//                           docs/performance.md), not taken from clangd's
//                           table.
//
// If a later clangd renames either function or changes its parameters (both
// are in the mangled name), the __real_ symbols below stay undefined and the
// link fails. A changed return type is not in the name: the editor tests
// (test/editor/), which start the server, catch that.
//
//===----------------------------------------------------------------------===//

#include <clang-tidy/ClangTidyOptions.h>

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace clang::clangd {
// As declared in clangd's TidyProvider.h (not installed): clangd 19's
// provideDefaultChecks() returns a reference to a function of static lifetime.
using TidyProviderRef =
    llvm::function_ref<void(tidy::ClangTidyOptions &, llvm::StringRef)>;
} // namespace clang::clangd

using clang::clangd::TidyProviderRef;

// The check globs corolint-clangd turns on when the user enables none.
static constexpr llvm::StringLiteral CorolintChecks = "corolint-*";

// clangd's own functions, under the names ld --wrap gives them.
TidyProviderRef realProvideDefaultChecks() asm(
    "__real__ZN5clang6clangd20provideDefaultChecksEv");
std::optional<bool> realIsFastTidyCheck(llvm::StringRef Check) asm(
    "__real__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");

// What clangd's callers reach instead.
TidyProviderRef provideDefaultChecksWithCorolint() asm(
    "__wrap__ZN5clang6clangd20provideDefaultChecksEv");
std::optional<bool> isFastTidyCheckOrCorolint(llvm::StringRef Check) asm(
    "__wrap__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");

TidyProviderRef provideDefaultChecksWithCorolint() {
  static const TidyProviderRef ClangdDefaults = realProvideDefaultChecks();
  static const auto WithCorolint = [](clang::tidy::ClangTidyOptions &Opts,
                                      llvm::StringRef File) {
    const bool UserChoseChecks = Opts.Checks && !Opts.Checks->empty();
    ClangdDefaults(Opts, File);
    if (UserChoseChecks)
      return;
    if (Opts.Checks && !Opts.Checks->empty())
      Opts.Checks->append(",").append(CorolintChecks.str());
    else
      Opts.Checks = CorolintChecks.str();
  };
  return WithCorolint;
}

std::optional<bool> isFastTidyCheckOrCorolint(llvm::StringRef Check) {
  if (Check.starts_with("corolint-"))
    return true;
  return realIsFastTidyCheck(Check);
}
