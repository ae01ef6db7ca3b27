//===----------------------------------------------------------------------===//
//
// Fuzzes the option parsers of the corolint checks, fed as a `.clang-tidy`
// file: clang-tidy's reader (parseConfigurationWithDiags), corolint's check
// of option keys (unknownOptionIn, behind findUnknownOption) and the
// constructor of every corolint check, which parses its options.
//   - a rejected file gets a message from corolint with a line number;
//   - an unknown corolint key gets one line naming the file and the key;
//   - an invalid option value gets a configuration diagnostic naming the
//     option;
//   - the options the checks store (storeOptions, what --dump-config
//     writes) give checks that store the same options and raise no
//     diagnostic the first options did not.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "ConfigValidation.h"

#include <clang-tidy/ClangTidyCheck.h>
#include <clang-tidy/ClangTidyDiagnosticConsumer.h>
#include <clang-tidy/ClangTidyModule.h>
#include <clang-tidy/ClangTidyModuleRegistry.h>
#include <clang-tidy/ClangTidyOptions.h>

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticIDs.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <map>
#include <set>

using namespace clang;
using namespace clang::tidy;
using corolint::fuzz::requireNamesFile;
using corolint::fuzz::violated;

static const char *const Path = "fuzz/.clang-tidy";

namespace {
/// Collects the text of every diagnostic (the checks' configuration
/// diagnostics have no source location).
class CollectingConsumer : public DiagnosticConsumer {
public:
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    llvm::SmallString<128> Text;
    Info.FormatDiagnostic(Text);
    Messages.insert(std::string(Text));
  }
  std::set<std::string> Messages;
};

struct CheckRun {
  std::map<std::string, std::string> Stored;
  std::set<std::string> Messages;
};
} // namespace

static const ClangTidyCheckFactories &factories() {
  static const auto Factories = [] {
    auto F = std::make_unique<ClangTidyCheckFactories>();
    for (const auto &Entry : ClangTidyModuleRegistry::entries())
      if (Entry.getName() == "corolint")
        Entry.instantiate()->addCheckFactories(*F);
    return F;
  }();
  return *Factories;
}

/// Constructs every corolint check with \p CheckOptions and stores their
/// options back.
static CheckRun runChecks(const ClangTidyOptions::OptionMap &CheckOptions) {
  ClangTidyOptions Options = ClangTidyOptions::getDefaults();
  Options.Checks = "-*,corolint-*";
  Options.CheckOptions = CheckOptions;
  ClangTidyContext Context(std::make_unique<DefaultOptionsProvider>(
      ClangTidyGlobalOptions(), Options));
  CollectingConsumer Consumer;
  DiagnosticsEngine Engine(llvm::makeIntrusiveRefCnt<DiagnosticIDs>(),
                           llvm::makeIntrusiveRefCnt<DiagnosticOptions>(),
                           &Consumer, /*ShouldOwnClient=*/false);
  Context.setDiagnosticsEngine(&Engine);
  Context.setCurrentFile("fuzz/input.cpp");
  auto Checks = factories().createChecks(&Context);
  if (Checks.empty())
    violated("the corolint checks are linked in", "");
  ClangTidyOptions::OptionMap Stored;
  for (const auto &Check : Checks)
    Check->storeOptions(Stored);
  CheckRun Run;
  for (const auto &E : Stored)
    Run.Stored[E.getKey().str()] = E.getValue().Value;
  Run.Messages = std::move(Consumer.Messages);
  return Run;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  unsigned DiagnosticsWithLine = 0;
  std::string Diagnostics;
  auto Parsed = parseConfigurationWithDiags(
      llvm::MemoryBufferRef(Text, Path), [&](const llvm::SMDiagnostic &D) {
        if (D.getLineNo() >= 1)
          ++DiagnosticsWithLine;
        Diagnostics += D.getMessage().str() + "\n";
      });
  if (!Parsed) {
    // clang-tidy's reader may reject a file without a located diagnostic
    // (a YAML directive line, `%CheckOptions:`, gives only "Invalid
    // argument"); what corolint prints for it must still be located
    // (ConfigValidation.h).
    (void)DiagnosticsWithLine;
    corolint::fuzz::requirePosition(corolint::clangTidyFileError(Text, Path),
                                    Path);
    return 0;
  }
  if (!corolint::clangTidyFileError(Text, Path).empty())
    violated("a .clang-tidy that parses is not an error", "");

  static const NamesAndOptions Known =
      getAllChecksAndOptions(/*AllowEnablingAnalyzerAlphaCheckers=*/false);
  std::string Unknown = corolint::unknownOptionIn(*Parsed, Path, Known);
  if (!Unknown.empty()) {
    requireNamesFile(Unknown, Path);
    if (!llvm::StringRef(Unknown).contains("unknown check option 'corolint-"))
      violated("an unknown option is named", Unknown);
    return 0; // corolint stops here: nothing is analysed
  }

  CheckRun First = runChecks(Parsed->CheckOptions);
  for (const std::string &M : First.Messages)
    if (!llvm::StringRef(M).contains("option 'corolint-"))
      violated("an invalid option value names the option", M);
  ClangTidyOptions::OptionMap Stored;
  for (const auto &[Key, Value] : First.Stored)
    Stored[Key] = ClangTidyOptions::ClangTidyValue(Value);
  CheckRun Second = runChecks(Stored);
  if (Second.Stored != First.Stored)
    violated("stored options give checks that store the same options", "");
  for (const std::string &M : Second.Messages)
    if (!First.Messages.count(M))
      violated("stored options raise no new diagnostic", M);
  return 0;
}
