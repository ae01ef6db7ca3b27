//===----------------------------------------------------------------------===//
//
// Blocking calls: classification of call sites, offloaded callables, and the
// walk over the calls a body makes on its own thread.
//
//===----------------------------------------------------------------------===//

#include "BlockingCalls.h"

#include "CoroutineBodies.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/TypeLoc.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::corolint::analysis {

//===----------------------------------------------------------------------===//
// Classification
//===----------------------------------------------------------------------===//

const FunctionDecl *directCallee(const Expr &E) {
  if (const auto *Call = dyn_cast<CallExpr>(&E))
    return Call->getDirectCallee();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(&E))
    return Construct->getConstructor();
  return nullptr;
}

bool isStdinStream(const Expr *E) {
  if (!E)
    return false;
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  if (!Ref)
    return false;
  const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
  if (!Var)
    return false;
  std::string Name = roleQualifiedName(Var);
  return Name == "std::cin" || Name == "std::wcin";
}

/// The owning lock wrappers whose constructors lock (BuiltinRoles.def).
static bool isLockWrapper(llvm::StringRef ClassName) {
  return llvm::StringSwitch<bool>(ClassName)
      .Cases("std::lock_guard", "std::unique_lock", "std::scoped_lock",
             "std::shared_lock", true)
      .Default(false);
}

/// Classes whose blocking members acquire a thread mutex.
static bool isMutexOrLockClass(llvm::StringRef ClassName) {
  return isLockWrapper(ClassName) ||
         llvm::StringSwitch<bool>(ClassName)
             .Cases("std::mutex", "std::timed_mutex", "std::recursive_mutex",
                    "std::recursive_timed_mutex", true)
             .Cases("std::shared_mutex", "std::shared_timed_mutex", true)
             .Default(false);
}

/// std::defer_lock_t, std::try_to_lock_t or std::adopt_lock_t: a tag that
/// makes a lock wrapper's constructor not lock.
static bool isNonLockingTag(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD)
    return false;
  std::string Name = roleQualifiedName(RD);
  return Name == "std::defer_lock_t" || Name == "std::try_to_lock_t" ||
         Name == "std::adopt_lock_t";
}

/// The name users write for \p FD: the class for a constructor
/// (`std::lock_guard`), the qualified function name otherwise.
static std::string userFacingName(const FunctionDecl &FD) {
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&FD))
    return roleQualifiedName(Ctor->getParent());
  return roleQualifiedName(&FD);
}

static std::string describeCall(const FunctionDecl &FD,
                                llvm::StringRef Name) {
  std::string S = "call to '" + Name.str() + "'";
  if (isa<CXXConstructorDecl>(FD))
    S += " constructor";
  return S;
}

std::optional<BlockingCall>
BlockingClassifier::byRoleOrName(const FunctionDecl &FD,
                                 const Expr &Site) const {
  RoleSet Set = Roles.rolesOf(&FD);
  std::string Qualified = roleQualifiedName(&FD);
  BlockingCall Fact;
  Fact.Site = &Site;
  Fact.Callee = &FD;
  Fact.Name = userFacingName(FD);
  Fact.Description = describeCall(FD, Fact.Name);
  if (Set.has(Role::Runner)) {
    Fact.Kind = BlockingKind::RunsLoop;
    return Fact;
  }
  if (Set.has(Role::Blocking)) {
    Fact.Source = BlockingSource::Role;
  } else if (ExtraNames.contains(Qualified) ||
             (isa<CXXConstructorDecl>(FD) && ExtraNames.contains(Fact.Name))) {
    Fact.Source = BlockingSource::Configured;
  } else {
    return std::nullopt;
  }
  const auto *MD = dyn_cast<CXXMethodDecl>(&FD);
  if ((MD && isMutexOrLockClass(roleQualifiedName(MD->getParent()))) ||
      Qualified == "std::lock" || Qualified == "pthread_mutex_lock")
    Fact.Kind = BlockingKind::Locks;
  return Fact;
}

/// A read from std::cin through \p Call: `std::cin >> x` (member or free
/// operator, including user-defined ones), `std::getline(std::cin, s)`, or a
/// reading member such as `std::cin.get()`.
static bool readsStdin(const CallExpr &Call, const FunctionDecl &Callee) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call))
    return Op->getOperator() == OO_GreaterGreater && Op->getNumArgs() == 2 &&
           isStdinStream(Op->getArg(0));
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call)) {
    if (!isStdinStream(Member->getImplicitObjectArgument()))
      return false;
    if (!Callee.getIdentifier())
      return false;
    return llvm::StringSwitch<bool>(Callee.getName())
        .Cases("get", "getline", "read", "ignore", "peek", true)
        .Default(false);
  }
  return Call.getNumArgs() >= 1 && isStdinStream(Call.getArg(0)) &&
         roleQualifiedName(&Callee) == "std::getline";
}

/// True when \p E mentions the constant MSG_DONTWAIT (`MSG_DONTWAIT`,
/// `MSG_DONTWAIT | MSG_NOSIGNAL`, ...).
static bool mentionsDontWait(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    if (const auto *Constant = dyn_cast<EnumConstantDecl>(Ref->getDecl()))
      return Constant->getName() == "MSG_DONTWAIT";
  for (const Stmt *Child : S->children())
    if (mentionsDontWait(Child))
      return true;
  return false;
}

/// A POSIX socket call that cannot block because its flags say so:
/// `recv(fd, buf, n, MSG_DONTWAIT)` returns EAGAIN instead of waiting.
/// (A socket made non-blocking with O_NONBLOCK is not visible at the call.)
static bool isNonBlockingSocketCall(const CallExpr &Call,
                                    const FunctionDecl &Callee) {
  if (!Callee.isExternC() || !Callee.getIdentifier())
    return false;
  unsigned FlagsIndex = llvm::StringSwitch<unsigned>(Callee.getName())
                            .Cases("recv", "recvfrom", "send", "sendto", 3)
                            .Cases("recvmsg", "sendmsg", 2)
                            .Default(~0u);
  return FlagsIndex < Call.getNumArgs() &&
         mentionsDontWait(Call.getArg(FlagsIndex));
}

std::optional<BlockingCall>
BlockingClassifier::classifyCall(const CallExpr &Call) const {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || Call.isTypeDependent())
    return std::nullopt;
  if (isNonBlockingSocketCall(Call, *Callee))
    return std::nullopt;
  if (readsStdin(Call, *Callee)) {
    BlockingCall Fact;
    Fact.Site = &Call;
    Fact.Callee = Callee;
    Fact.Kind = BlockingKind::ReadsStdin;
    Fact.Source = BlockingSource::Stdin;
    Fact.Name = "std::cin";
    Fact.Description = "read from 'std::cin'";
    return Fact;
  }
  if (auto Fact = byRoleOrName(*Callee, Call))
    return Fact;
  return byObjectClass(Call, *Callee);
}

std::optional<BlockingCall>
BlockingClassifier::byObjectClass(const CallExpr &Call,
                                  const FunctionDecl &Callee) const {
  // A member inherited from an implementation base (libstdc++'s
  // std::shared_future::wait is std::__basic_future::wait): look the name up
  // with the class of the object it is called on, as users name it.
  const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call);
  const auto *MD = dyn_cast<CXXMethodDecl>(&Callee);
  if (!Member || !MD || !MD->getIdentifier())
    return std::nullopt;
  // The object as written, before the implicit derived-to-base conversion.
  const Expr *ObjectExpr = Member->getImplicitObjectArgument();
  if (!ObjectExpr)
    return std::nullopt;
  QualType ObjectType = ObjectExpr->IgnoreParenImpCasts()->getType();
  if (ObjectType->isPointerType())
    ObjectType = ObjectType->getPointeeType();
  const CXXRecordDecl *Object = ObjectType->getAsCXXRecordDecl();
  if (!Object || Object->getCanonicalDecl() ==
                     MD->getParent()->getCanonicalDecl())
    return std::nullopt;
  std::string Name = roleQualifiedName(Object) + "::" + MD->getName().str();
  bool Builtin = builtinRoles(Name).has(Role::Blocking);
  if (!Builtin && !ExtraNames.contains(Name))
    return std::nullopt;
  BlockingCall Fact;
  Fact.Site = &Call;
  Fact.Callee = &Callee;
  Fact.Source = Builtin ? BlockingSource::Role : BlockingSource::Configured;
  Fact.Kind = isMutexOrLockClass(roleQualifiedName(Object))
                  ? BlockingKind::Locks
                  : BlockingKind::Blocks;
  Fact.Name = Name;
  Fact.Description = describeCall(Callee, Name);
  return Fact;
}

std::optional<BlockingCall>
BlockingClassifier::classifyConstruct(const CXXConstructExpr &Construct) const {
  const CXXConstructorDecl *Ctor = Construct.getConstructor();
  if (!Ctor || Construct.isTypeDependent())
    return std::nullopt;
  if (isLockWrapper(roleQualifiedName(Ctor->getParent()))) {
    // Only a constructor that locks blocks: not `std::unique_lock<M> l;`,
    // not a move, not one given a defer/try/adopt tag.
    if (Construct.getNumArgs() == 0 || Ctor->isCopyOrMoveConstructor())
      return std::nullopt;
    for (const Expr *Arg : Construct.arguments())
      if (isNonLockingTag(Arg->getType()))
        return std::nullopt;
  }
  return byRoleOrName(*Ctor, Construct);
}

std::optional<BlockingCall> BlockingClassifier::classify(const Expr &E) const {
  if (const auto *Call = dyn_cast<CallExpr>(&E))
    return classifyCall(*Call);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(&E))
    return classifyConstruct(*Construct);
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Offloaded callables
//===----------------------------------------------------------------------===//

/// A node between a callable and the call it is passed to that does not
/// change which callable is passed.
static bool isTransparentWrapper(const Stmt &S) {
  if (isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
          CXXBindTemporaryExpr, ExprWithCleanups, UnaryOperator>(S)) {
    // `&function` passes the function; other unary operators compute.
    if (const auto *U = dyn_cast<UnaryOperator>(&S))
      return U->getOpcode() == UO_AddrOf;
    return true;
  }
  // Copying or moving the closure object.
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(&S))
    return Construct->getNumArgs() == 1 &&
           Construct->getConstructor()->isCopyOrMoveConstructor();
  return false;
}

static bool isArgumentOf(const Expr &Child, const Expr &Parent) {
  if (const auto *Call = dyn_cast<CallExpr>(&Parent))
    return llvm::is_contained(Call->arguments(), &Child);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(&Parent))
    return llvm::is_contained(Construct->arguments(), &Child);
  return false;
}

bool isOffloadedCallable(const Expr &Callable, ASTContext &Ctx,
                         const RoleLookup &Roles) {
  const Expr *Child = &Callable;
  for (DynTypedNodeList Parents = Ctx.getParents(Callable); !Parents.empty();
       Parents = Ctx.getParents(Parents[0])) {
    const auto *Parent = Parents[0].get<Expr>();
    if (!Parent)
      return false;
    if (isArgumentOf(*Child, *Parent) && !isTransparentWrapper(*Parent)) {
      const FunctionDecl *Callee = directCallee(*Parent);
      return Callee && Roles.has(Callee, Role::Offload);
    }
    if (!isTransparentWrapper(*Parent))
      return false;
    Child = Parent;
  }
  return false;
}

//===----------------------------------------------------------------------===//
// Calls made on the calling thread
//===----------------------------------------------------------------------===//

namespace {
/// Walks a body in source order and reports the calls it makes on its own
/// thread (see forEachSameThreadCall).
class SameThreadCalls : public RecursiveASTVisitor<SameThreadCalls> {
public:
  SameThreadCalls(ASTContext &Ctx, const RoleLookup &Roles,
                  llvm::function_ref<bool(const Expr &)> Visit)
      : Ctx(Ctx), Roles(Roles), Visit(Visit) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitCallExpr(CallExpr *Call) { return Visit(*Call); }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    return Visit(*Construct);
  }

  bool TraverseLambdaExpr(LambdaExpr *Lambda) {
    // A coroutine lambda is checked on its own; an offloaded one runs on
    // another thread. Captures are initialised here either way.
    if (isCoroutine(Lambda->getCallOperator()) ||
        isOffloadedCallable(*Lambda, Ctx, Roles)) {
      for (Expr *Init : Lambda->capture_inits())
        if (Init && !TraverseStmt(Init))
          return false;
      return true;
    }
    return RecursiveASTVisitor::TraverseLambdaExpr(Lambda);
  }

  // Local classes: their member functions run when called, not here.
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool TraverseClassTemplateDecl(ClassTemplateDecl *) { return true; }

  // Unevaluated operands.
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *) {
    return true;
  }
  bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *) { return true; }
  bool TraverseDecltypeTypeLoc(DecltypeTypeLoc) { return true; }
  bool TraverseRequiresExpr(RequiresExpr *) { return true; }
  bool TraverseCXXTypeidExpr(CXXTypeidExpr *E) {
    if (!E->isPotentiallyEvaluated())
      return true;
    return RecursiveASTVisitor::TraverseCXXTypeidExpr(E);
  }

private:
  ASTContext &Ctx;
  const RoleLookup &Roles;
  llvm::function_ref<bool(const Expr &)> Visit;
};
} // namespace

void forEachSameThreadCall(const Stmt &Body, ASTContext &Ctx,
                           const RoleLookup &Roles,
                           llvm::function_ref<bool(const Expr &Site)> Visit) {
  SameThreadCalls Walker(Ctx, Roles, Visit);
  Walker.TraverseStmt(const_cast<Stmt *>(&Body));
}

} // namespace clang::tidy::corolint::analysis
