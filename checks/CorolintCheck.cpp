//===----------------------------------------------------------------------===//
//
// The base every corolint check derives from.
//
//===----------------------------------------------------------------------===//

#include "CorolintCheck.h"

#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"

#include <mutex>
#include <set>

namespace clang::tidy::corolint {

CorolintCheck::CorolintCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ConfigFile(Options.getLocalOrGlobal("CorolintConfig", "").str()),
      SystemHeaders(Context->getOptions().SystemHeaders.value_or(false)) {}

void CorolintCheck::registerMatchers(ast_matchers::MatchFinder *Finder) {
  if (!SystemHeaders)
    Finder->addMatcher(ast_matchers::translationUnitDecl(), &Start);
}

void CorolintCheck::TranslationUnitStart::run(
    const ast_matchers::MatchFinder::MatchResult &Result) {
  analysis::restrictTraversalToUserCode(*Result.Context);
}

/// True the first time \p Message is seen in this process: five checks share
/// one configuration, and its error should be printed once, not five times.
static bool firstReport(const std::string &Message) {
  static std::mutex Mutex;
  static std::set<std::string> Seen;
  std::lock_guard<std::mutex> Lock(Mutex);
  return Seen.insert(Message).second;
}

std::string CorolintCheck::coroutineLabel(const FunctionDecl &Coroutine) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&Coroutine);
      MD && MD->getParent()->isLambda())
    return "a coroutine lambda";
  return "coroutine '" + Coroutine.getNameAsString() + "'";
}

std::string CorolintCheck::functionLabel(const FunctionDecl &FD) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&FD);
      MD && MD->getParent()->isLambda())
    return "a lambda";
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&FD))
    return "'" + analysis::roleQualifiedName(Ctor->getParent()) +
           "' constructor";
  return "'" + analysis::roleQualifiedName(&FD) + "'";
}

analysis::TranslationUnitAnalysis &CorolintCheck::analysis(ASTContext &Ctx) {
  if (Shared && &Shared->context() == &Ctx)
    return *Shared;
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::StringRef MainFile;
  if (auto Entry = SM.getFileEntryRefForID(SM.getMainFileID()))
    MainFile = Entry->getName();
  auto Loaded = analysis::configForFile(ConfigFile, MainFile);
  // The configuration in force names the shared analysis: checks given
  // different `CorolintConfig` files do not share roles.
  std::string Key;
  if (const auto *Config = std::get_if<analysis::RoleConfig>(Loaded.get()))
    Key = Config->Path;
  else
    Key = std::get<analysis::ConfigError>(*Loaded).Path;
  Shared = analysis::TranslationUnitAnalysis::shared(Ctx, Key, [&] {
    std::shared_ptr<const analysis::RoleConfig> Config;
    if (const auto *Error = std::get_if<analysis::ConfigError>(Loaded.get())) {
      std::string Message = "invalid corolint configuration: " + Error->str();
      if (firstReport(Message))
        configurationDiag("%0", DiagnosticIDs::Error) << Message;
    } else {
      // Share ownership with the cache entry; the variant outlives the
      // lookup.
      Config = std::shared_ptr<const analysis::RoleConfig>(
          Loaded, &std::get<analysis::RoleConfig>(*Loaded));
    }
    return Config;
  });
  return *Shared;
}

} // namespace clang::tidy::corolint
