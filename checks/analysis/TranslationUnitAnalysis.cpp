//===----------------------------------------------------------------------===//
//
// The shared facts of one translation unit.
//
//===----------------------------------------------------------------------===//

#include "TranslationUnitAnalysis.h"

#include "CoroutineBodies.h"
#include "RuntimeModels.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

#include <map>
#include <mutex>

namespace clang::tidy::corolint::analysis {

bool restrictTraversalToUserCode(ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  auto IsUsers = [&](const Decl *D) {
    SourceLocation Loc = D->getLocation();
    return Loc.isValid() && !SM.isInSystemHeader(SM.getExpansionLoc(Loc));
  };
  std::vector<Decl *> Scope = Ctx.getTraversalScope();
  std::vector<Decl *> Users;
  bool Changed = false;
  for (Decl *D : Scope) {
    if (auto *TU = dyn_cast<TranslationUnitDecl>(D)) {
      Changed = true;
      for (Decl *Child : TU->decls())
        if (IsUsers(Child))
          Users.push_back(Child);
    } else if (IsUsers(D)) {
      Users.push_back(D);
    } else {
      Changed = true;
    }
  }
  if (Changed)
    Ctx.setTraversalScope(Users);
  return Changed;
}

TranslationUnitAnalysis::TranslationUnitAnalysis(
    ASTContext &Ctx, std::shared_ptr<const RoleConfig> Config)
    : Ctx(Ctx),
      Roles(Config, Config ? applicableModels(*Config, Ctx)
                           : std::vector<std::shared_ptr<const RuntimeModel>>()) {}

TranslationUnitAnalysis::~TranslationUnitAnalysis() {
  while (!Facts.empty())
    Facts.pop_back();
}

std::shared_ptr<TranslationUnitAnalysis> TranslationUnitAnalysis::shared(
    ASTContext &Ctx, llvm::StringRef ConfigKey,
    llvm::function_ref<std::shared_ptr<const RoleConfig>()> LoadConfig) {
  // Keyed by the TU (its ASTContext and TranslationUnitDecl) and the
  // configuration. An entry lives while a check of its TU holds it: checks
  // are created per TU, so the entry expires with the TU and an address
  // reused by a later TU finds no live entry.
  using Key = std::tuple<const ASTContext *, const TranslationUnitDecl *,
                         std::string>;
  static std::mutex Mutex;
  static std::map<Key, std::weak_ptr<TranslationUnitAnalysis>> Registry;
  Key K{&Ctx, Ctx.getTranslationUnitDecl(), ConfigKey.str()};
  std::lock_guard<std::mutex> Lock(Mutex);
  // Drop expired entries so the registry stays as small as the live TUs.
  for (auto It = Registry.begin(); It != Registry.end();)
    It = It->second.expired() ? Registry.erase(It) : std::next(It);
  if (auto Found = Registry.find(K); Found != Registry.end())
    if (auto Live = Found->second.lock())
      return Live;
  auto Fresh = std::make_shared<TranslationUnitAnalysis>(Ctx, LoadConfig());
  Registry[K] = Fresh;
  return Fresh;
}

namespace {
/// Collects coroutine definitions: every function and lambda call operator
/// with a CoroutineBodyStmt, template instantiations included, patterns and
/// system headers skipped.
class CoroutineCollector : public RecursiveASTVisitor<CoroutineCollector> {
public:
  CoroutineCollector(const SourceManager &SM,
                     std::vector<const FunctionDecl *> &Out)
      : SM(SM), Out(Out) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return false; }

  bool TraverseDecl(Decl *D) {
    // System headers hold no code of the user's (their coroutines are the
    // runtime's); skipping whole declarations there also keeps the walk
    // cheap.
    if (D && !isa<TranslationUnitDecl>(D) && D->getLocation().isValid() &&
        SM.isInSystemHeader(D->getLocation()))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    add(FD);
    return true;
  }

  // A lambda's closure class is implicit code, not visited: take its call
  // operator, and for a generic lambda every instantiation of it.
  bool VisitLambdaExpr(LambdaExpr *L) {
    const CXXRecordDecl *Closure = L->getLambdaClass();
    if (!Closure)
      return true;
    if (const FunctionTemplateDecl *T = Closure->getDependentLambdaCallOperator())
      for (const FunctionDecl *Spec : T->specializations())
        add(Spec);
    else
      add(L->getCallOperator());
    return true;
  }

private:
  void add(const FunctionDecl *FD) {
    if (FD && FD->isThisDeclarationADefinition() && !FD->isDependentContext() &&
        isa_and_nonnull<CoroutineBodyStmt>(FD->getBody()))
      Out.push_back(FD);
  }

  const SourceManager &SM;
  std::vector<const FunctionDecl *> &Out;
};
} // namespace

llvm::ArrayRef<const FunctionDecl *> TranslationUnitAnalysis::coroutines() {
  if (!Coroutines) {
    Coroutines.emplace();
    std::vector<const FunctionDecl *> Found;
    CoroutineCollector Collector(Ctx.getSourceManager(), Found);
    Collector.TraverseAST(Ctx);
    llvm::DenseSet<const FunctionDecl *> Seen;
    for (const FunctionDecl *FD : Found)
      if (Seen.insert(FD).second)
        Coroutines->push_back(FD);
  }
  return *Coroutines;
}

const CoroutineCFG &
TranslationUnitAnalysis::coroutineCFG(const FunctionDecl &FD) {
  std::unique_ptr<CoroutineCFG> &Slot = CFGs[&FD];
  if (!Slot)
    Slot = std::make_unique<CoroutineCFG>(FD, Ctx);
  return *Slot;
}

const CallSiteIndex &TranslationUnitAnalysis::callSites() {
  if (!CallSiteIdx)
    CallSiteIdx.emplace(Ctx);
  return *CallSiteIdx;
}

} // namespace clang::tidy::corolint::analysis
