//===----------------------------------------------------------------------===//
//
// Blocking calls: classification of call sites, offloaded callables, and the
// walk over the calls a body makes on its own thread.
//
//===----------------------------------------------------------------------===//

#include "BlockingCalls.h"

#include "CoroutineBodies.h"
#include "NonBlockingDescriptors.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/TypeLoc.h"
#include "llvm/ADT/StringMap.h"
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

namespace {
/// The kind column of BuiltinRoles.def.
enum class BuiltinKind { Waits, Locks, LockWrapper };
} // namespace

/// The kind of the built-in `blocking` row \p QualifiedName, if it is one.
static std::optional<BuiltinKind> builtinKind(llvm::StringRef QualifiedName) {
  static const llvm::StringMap<BuiltinKind> Table = [] {
    llvm::StringMap<BuiltinKind> M;
#define COROLINT_BUILTIN_ROLE(NAME, ROLE)
#define COROLINT_BUILTIN_BLOCKING(NAME, KIND) M[NAME] = BuiltinKind::KIND;
#include "BuiltinRoles.def"
    return M;
  }();
  auto It = Table.find(QualifiedName);
  if (It == Table.end())
    return std::nullopt;
  return It->second;
}

/// What a call to the blocking function \p QualifiedName does: a lock
/// acquisition for the `Locks` and `LockWrapper` rows, a wait otherwise
/// (annotated and configured functions included).
static BlockingKind kindOf(llvm::StringRef QualifiedName) {
  auto Kind = builtinKind(QualifiedName);
  return Kind && *Kind != BuiltinKind::Waits ? BlockingKind::Locks
                                             : BlockingKind::Blocks;
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
  if (Set.has(Role::NonBlocking))
    return std::nullopt;
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
  Fact.Kind = kindOf(Qualified);
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

namespace {
/// The arguments of a POSIX descriptor call that decide whether it waits.
struct DescriptorCall {
  unsigned DescriptorArg = ~0u; ///< the descriptor it waits on
  unsigned FlagsArg = ~0u;      ///< its `MSG_*` flags
  unsigned TimeoutArg = ~0u;    ///< its timeout in milliseconds (poll)
  unsigned BufferArg = ~0u;     ///< the bytes it writes (write, send)
  unsigned CountArg = ~0u;      ///< how many bytes it writes
};
} // namespace

static std::optional<DescriptorCall> descriptorCallOf(const FunctionDecl &FD) {
  if (!FD.isExternC() || !FD.getIdentifier())
    return std::nullopt;
  return llvm::StringSwitch<std::optional<DescriptorCall>>(FD.getName())
      .Cases("recv", "recvfrom", DescriptorCall{0, 3})
      .Cases("send", "sendto", DescriptorCall{0, 3, ~0u, 1, 2})
      .Cases("recvmsg", "sendmsg", DescriptorCall{0, 2})
      .Case("write", DescriptorCall{0, ~0u, ~0u, 1, 2})
      .Cases("read", "readv", "writev", "pread", "pwrite", DescriptorCall{0})
      .Cases("accept", "accept4", "connect", DescriptorCall{0})
      .Case("poll", DescriptorCall{~0u, ~0u, 2})
      .Cases("epoll_wait", "epoll_pwait", DescriptorCall{~0u, ~0u, 3})
      .Default(std::nullopt);
}

const Expr *descriptorArgument(const BlockingCall &Fact) {
  const auto *Call = dyn_cast_or_null<CallExpr>(Fact.Site);
  if (!Call || !Fact.Callee)
    return nullptr;
  auto Args = descriptorCallOf(*Fact.Callee);
  if (!Args || Args->DescriptorArg >= Call->getNumArgs())
    return nullptr;
  return Call->getArg(Args->DescriptorArg);
}

/// True when \p E is an integer constant equal to zero.
static bool isZeroConstant(const Expr *E, const ASTContext &Ctx) {
  if (!E || E->isValueDependent())
    return false;
  auto Value = E->getIntegerConstantExpr(Ctx);
  return Value && Value->isZero();
}

/// True when \p Call writes one small value (a counter, a byte, a short
/// literal): `write(fd, &one, sizeof one)`, `write(pipe[1], "x", 1)`. That is
/// how a thread or coroutine wakes a waiter through an eventfd or a self-pipe,
/// and such a write returns at once: an eventfd write blocks only when its
/// 64-bit counter would overflow, a pipe or socket write of a few bytes only
/// when the reader has left kilobytes unread. Larger or runtime-sized writes
/// are I/O and can wait.
static bool isWakeUpWrite(const CallExpr &Call, const DescriptorCall &Args,
                          const ASTContext &Ctx) {
  constexpr uint64_t LargestWakeUp = 8; // an eventfd counter
  if (Args.CountArg >= Call.getNumArgs() || Args.BufferArg >= Call.getNumArgs())
    return false;
  const Expr *Count = Call.getArg(Args.CountArg);
  if (Count->isValueDependent())
    return false;
  auto Bytes = Count->getIntegerConstantExpr(Ctx);
  if (!Bytes || Bytes->isNegative() || Bytes->getZExtValue() > LargestWakeUp)
    return false;
  const Expr *Buffer = Call.getArg(Args.BufferArg)->IgnoreParenImpCasts();
  if (isa<StringLiteral>(Buffer))
    return true;
  const auto *AddressOf = dyn_cast<UnaryOperator>(Buffer);
  return AddressOf && AddressOf->getOpcode() == UO_AddrOf &&
         AddressOf->getSubExpr()->getType()->isScalarType();
}

bool BlockingClassifier::isNonBlockingDescriptorCall(
    const CallExpr &Call, const FunctionDecl &Callee) const {
  auto Args = descriptorCallOf(Callee);
  if (!Args)
    return false;
  ASTContext &Ctx = Callee.getASTContext();
  // `poll(fds, n, 0)` returns at once.
  if (Args->TimeoutArg < Call.getNumArgs() &&
      isZeroConstant(Call.getArg(Args->TimeoutArg), Ctx))
    return true;
  if (isWakeUpWrite(Call, *Args, Ctx))
    return true;
  // MSG_DONTWAIT, written at the call or put in the flags variable passed.
  if (Args->FlagsArg < Call.getNumArgs()) {
    const FunctionDecl *Caller = enclosingFunction(Call, Ctx);
    if (valueMentionsConstant(Call.getArg(Args->FlagsArg), "MSG_DONTWAIT",
                              Caller ? Caller->getBody() : nullptr, Ctx))
      return true;
  }
  return Descriptors && Args->DescriptorArg < Call.getNumArgs() &&
         Descriptors->evidenceFor(*Call.getArg(Args->DescriptorArg), Call);
}

std::optional<BlockingCall>
BlockingClassifier::classifyCall(const CallExpr &Call) const {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || Call.isTypeDependent())
    return std::nullopt;
  if (Roles.has(Callee, Role::NonBlocking) ||
      isNonBlockingDescriptorCall(Call, *Callee))
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
  Fact.Kind = kindOf(Name);
  Fact.Name = Name;
  Fact.Description = describeCall(Callee, Name);
  return Fact;
}

std::optional<BlockingCall>
BlockingClassifier::classifyConstruct(const CXXConstructExpr &Construct) const {
  const CXXConstructorDecl *Ctor = Construct.getConstructor();
  if (!Ctor || Construct.isTypeDependent())
    return std::nullopt;
  if (builtinKind(roleQualifiedName(Ctor)) == BuiltinKind::LockWrapper) {
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

/// True when \p Call is `std::move(x)` or `std::forward<T>(x)`: it passes
/// its argument on unchanged.
static bool isMoveOrForward(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || Call.getNumArgs() != 1 || !Callee->getIdentifier())
    return false;
  std::string Name = roleQualifiedName(Callee);
  return Name == "std::move" || Name == "std::forward";
}

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
  if (const auto *Call = dyn_cast<CallExpr>(&S))
    return isMoveOrForward(*Call);
  return false;
}

static bool isArgumentOf(const Expr &Child, const Expr &Parent) {
  if (const auto *Call = dyn_cast<CallExpr>(&Parent))
    return llvm::is_contained(Call->arguments(), &Child);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(&Parent))
    return llvm::is_contained(Construct->arguments(), &Child);
  return false;
}

/// Where a callable expression goes once the transparent wrappers around it
/// are passed.
namespace {
struct CallableDestination {
  const Expr *Call = nullptr;   ///< the call or construction it is an argument of
  const VarDecl *Var = nullptr; ///< or the local variable it initialises
};
} // namespace

static CallableDestination destinationOf(const Expr &Callable,
                                         ASTContext &Ctx) {
  const Expr *Child = &Callable;
  for (DynTypedNodeList Parents = Ctx.getParents(Callable); !Parents.empty();
       Parents = Ctx.getParents(Parents[0])) {
    if (const auto *Var = Parents[0].get<VarDecl>()) {
      if (Var->isLocalVarDecl() && Var->getInit() &&
          ignoreWrappers(Var->getInit()) == ignoreWrappers(&Callable))
        return {nullptr, Var};
      return {};
    }
    const auto *Parent = Parents[0].get<Expr>();
    if (!Parent)
      return {};
    if (isArgumentOf(*Child, *Parent) && !isTransparentWrapper(*Parent))
      return {Parent, nullptr};
    if (!isTransparentWrapper(*Parent))
      return {};
    Child = Parent;
  }
  return {};
}

const Expr *callTakingCallable(const Expr &Callable, ASTContext &Ctx) {
  return destinationOf(Callable, Ctx).Call;
}

static bool isOffloadedCallable(const Expr &Callable, ASTContext &Ctx,
                                const RoleLookup &Roles, bool FollowVars);

/// True when the local \p Var is used, and every use of it in the function
/// that declares it is an argument of an offload function (through copies,
/// moves and std::move): the callable it holds only runs on other threads.
/// Any other use (a call, a copy into another variable, a capture, a
/// function that is not an offload function) may run it here.
static bool isOnlyOffloaded(const VarDecl &Var, ASTContext &Ctx,
                            const RoleLookup &Roles) {
  const auto *Owner = dyn_cast<FunctionDecl>(Var.getDeclContext());
  if (!Owner || !Owner->getBody())
    return false;
  struct Uses : RecursiveASTVisitor<Uses> {
    const VarDecl &Var;
    llvm::SmallVector<const DeclRefExpr *, 4> Found;
    explicit Uses(const VarDecl &Var) : Var(Var) {}
    bool shouldVisitImplicitCode() const { return true; }
    bool VisitDeclRefExpr(DeclRefExpr *Ref) {
      if (Ref->getDecl() == &Var)
        Found.push_back(Ref);
      return true;
    }
  } U(Var);
  U.TraverseStmt(Owner->getBody());
  return !U.Found.empty() &&
         llvm::all_of(U.Found, [&](const DeclRefExpr *Ref) {
           return isOffloadedCallable(*Ref, Ctx, Roles, /*FollowVars=*/false);
         });
}

static bool isOffloadedCallable(const Expr &Callable, ASTContext &Ctx,
                                const RoleLookup &Roles, bool FollowVars) {
  CallableDestination To = destinationOf(Callable, Ctx);
  if (To.Call) {
    const FunctionDecl *Callee = directCallee(*To.Call);
    return Callee && Roles.has(Callee, Role::Offload);
  }
  return FollowVars && To.Var && isOnlyOffloaded(*To.Var, Ctx, Roles);
}

bool isOffloadedCallable(const Expr &Callable, ASTContext &Ctx,
                         const RoleLookup &Roles) {
  return isOffloadedCallable(Callable, Ctx, Roles, /*FollowVars=*/true);
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
