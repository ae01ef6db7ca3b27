//===----------------------------------------------------------------------===//
//
// State ownership: see StateOwnership.h.
//
//===----------------------------------------------------------------------===//

#include "StateOwnership.h"

#include "BlockingCalls.h"
#include "CoroutineBodies.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::corolint::analysis {

//===----------------------------------------------------------------------===//
// Kinds of writes
//===----------------------------------------------------------------------===//

static WriteKind writeKindOfMethod(const CXXMethodDecl &MD) {
  if (MD.isOverloadedOperator()) {
    switch (MD.getOverloadedOperator()) {
    case OO_PlusPlus:
    case OO_PlusEqual:
      return WriteKind::Increase;
    case OO_MinusMinus:
    case OO_MinusEqual:
      return WriteKind::Decrease;
    default:
      return WriteKind::Other;
    }
  }
  if (!MD.getIdentifier())
    return WriteKind::Other;
  return llvm::StringSwitch<WriteKind>(MD.getName())
      .Cases("push_back", "push_front", "emplace_back", "emplace_front",
             WriteKind::Insert)
      .Cases("push", "emplace", "insert", "try_emplace", "emplace_hint",
             "insert_or_assign", WriteKind::Insert)
      .Cases("pop_back", "pop_front", "pop", "erase", "extract", "clear",
             WriteKind::Remove)
      .Case("fetch_add", WriteKind::Increase)
      .Case("fetch_sub", WriteKind::Decrease)
      .Default(WriteKind::Other);
}

WriteKind writeKindOf(const Expr &Write) {
  const Expr *E = Write.IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->isIncrementOp())
      return WriteKind::Increase;
    if (U->isDecrementOp())
      return WriteKind::Decrease;
    return WriteKind::Other;
  }
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    if (B->getOpcode() == BO_AddAssign)
      return WriteKind::Increase;
    if (B->getOpcode() == BO_SubAssign)
      return WriteKind::Decrease;
    return WriteKind::Other;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee()))
      return writeKindOfMethod(*MD);
  return WriteKind::Other;
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

/// True when \p S sits in the body of a loop of the function whose body
/// holds it (not looking past a lambda: a lambda's body is its own).
static bool isInLoop(const Stmt &S, ASTContext &Ctx) {
  const Stmt *Child = &S;
  for (DynTypedNodeList Parents = Ctx.getParents(S); !Parents.empty();
       Parents = Ctx.getParents(Parents[0])) {
    const auto *Parent = Parents[0].get<Stmt>();
    if (!Parent || isa<LambdaExpr>(Parent))
      return false;
    if (const auto *For = dyn_cast<ForStmt>(Parent);
        For && (Child == For->getBody() || Child == For->getInc() ||
                Child == For->getCond()))
      return true;
    if (const auto *Range = dyn_cast<CXXForRangeStmt>(Parent);
        Range && Child == Range->getBody())
      return true;
    if (isa<WhileStmt, DoStmt>(Parent))
      return true;
    Child = Parent;
  }
  return false;
}

/// True when \p Object (a call's implicit object) is a new object each time
/// the call runs: a temporary, `new`, or a call returning one by value
/// (`std::make_shared<T>(...)`).
static bool isFreshObject(const Expr &Object) {
  const Expr *E = Object.IgnoreParenImpCasts();
  // `p->f()` on a smart pointer: the object is the pointer `operator->` is
  // called on.
  if (const auto *Arrow = dyn_cast<CXXOperatorCallExpr>(E);
      Arrow && Arrow->getOperator() == OO_Arrow && Arrow->getNumArgs() == 1)
    E = Arrow->getArg(0)->IgnoreParenImpCasts();
  E = ignoreWrappers(E);
  if (isa<CXXNewExpr, CXXTemporaryObjectExpr>(E))
    return true;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return !Construct->getConstructor()->isCopyOrMoveConstructor();
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return Call->isPRValue() && !isa<CXXOperatorCallExpr>(Call);
  return false;
}

/// True when \p E mentions `this` (explicitly or as `shared_from_this()`).
static bool mentionsThis(const Expr &E) {
  struct Finder : RecursiveASTVisitor<Finder> {
    bool Found = false;
    bool shouldVisitImplicitCode() const { return true; }
    bool VisitCXXThisExpr(CXXThisExpr *) {
      Found = true;
      return false;
    }
  } F;
  F.TraverseStmt(const_cast<Expr *>(&E));
  return F.Found;
}

/// True when \p Object denotes the object the calling member function runs
/// on: `this` (written or implicit), `*this`, or a lambda's init-capture of
/// `this` or `shared_from_this()`.
static bool isCallersOwnObject(const Expr &Object) {
  const Expr *E = Object.IgnoreParenImpCasts();
  if (const auto *Arrow = dyn_cast<CXXOperatorCallExpr>(E);
      Arrow && Arrow->getOperator() == OO_Arrow && Arrow->getNumArgs() == 1)
    E = Arrow->getArg(0)->IgnoreParenImpCasts();
  if (const auto *Deref = dyn_cast<UnaryOperator>(E);
      Deref && Deref->getOpcode() == UO_Deref)
    E = Deref->getSubExpr()->IgnoreParenImpCasts();
  if (isa<CXXThisExpr>(E))
    return true;
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->isInitCapture() && Var->getInit() &&
         mentionsThis(*Var->getInit());
}

/// The function the lambda whose call operator is \p FD is written in, when
/// that function runs the lambda at most once: it invokes it where it is
/// written, or hands it to a spawn, detached or offload function (which
/// start it once), outside any loop. nullptr otherwise.
static const FunctionDecl *runnerOfLambdaOnce(const CXXMethodDecl &FD,
                                             ASTContext &Ctx,
                                             const RoleLookup &Roles) {
  const CXXRecordDecl *Closure = FD.getParent();
  const LambdaExpr *Lambda = nullptr;
  for (DynTypedNodeList Parents = Ctx.getParents(*Closure); !Parents.empty();
       Parents = Ctx.getParents(Parents[0]))
    if ((Lambda = Parents[0].get<LambdaExpr>()))
      break;
  if (!Lambda)
    return nullptr;
  // Invoked where it is written: `[self] { ... }()`.
  const Expr &Whole = outermostWrapper(*Lambda, Ctx);
  if (DynTypedNodeList Parents = Ctx.getParents(Whole); !Parents.empty())
    if (const auto *Invoke = Parents[0].get<CXXOperatorCallExpr>();
        Invoke && Invoke->getOperator() == OO_Call &&
        Invoke->getNumArgs() > 0 &&
        ignoreWrappers(Invoke->getArg(0)) == Lambda)
      return isInLoop(*Invoke, Ctx) ? nullptr : enclosingFunction(*Lambda, Ctx);
  const Expr *Call = callTakingCallable(*Lambda, Ctx);
  const FunctionDecl *Callee = Call ? directCallee(*Call) : nullptr;
  if (!Callee)
    return nullptr;
  auto StartsOnce = [&](const Decl *D) {
    RoleSet R = Roles.rolesOf(D);
    return R.has(Role::Spawn) || R.has(Role::Detached) || R.has(Role::Offload);
  };
  const auto *Ctor = dyn_cast<CXXConstructorDecl>(Callee);
  if (!StartsOnce(Callee) && !(Ctor && StartsOnce(Ctor->getParent())))
    return nullptr;
  if (isInLoop(*Call, Ctx))
    return nullptr;
  return enclosingFunction(*Lambda, Ctx);
}

/// True when no other translation unit can call \p FD: a lambda, or a
/// member of a class defined in the main file.
static bool allCallsVisible(const FunctionDecl &FD, const CallSiteIndex &Calls,
                            const SourceManager &SM) {
  if (Calls.mayBeCalledIndirectly(&FD))
    return false;
  const auto *MD = dyn_cast<CXXMethodDecl>(&FD);
  if (MD && MD->getParent()->isLambda())
    return true;
  return MD && SM.isInMainFile(MD->getParent()->getLocation());
}

/// The one call site of \p FD, when every call is visible and there is one.
static const CallSite *soleCallSite(const FunctionDecl &FD,
                                    const CallSiteIndex &Calls,
                                    const SourceManager &SM) {
  if (!allCallsVisible(FD, Calls, SM))
    return nullptr;
  llvm::ArrayRef<CallSite> Sites = Calls.callersOf(&FD);
  return Sites.size() == 1 && Sites[0].Caller ? &Sites[0] : nullptr;
}

/// True when at most one activation of the member function \p FD runs per
/// object (see the file comment); \p Depth bounds the walk up the callers.
static bool oncePerObject(const FunctionDecl &FD, const CallSiteIndex &Calls,
                          const RoleLookup &Roles, ASTContext &Ctx,
                          unsigned Depth) {
  if (Depth == 0 || isa<CXXConstructorDecl>(FD))
    return isa<CXXConstructorDecl>(FD); // a constructor runs once per object
  const CallSite *Site = soleCallSite(FD, Calls, Ctx.getSourceManager());
  const auto *Member = Site ? dyn_cast<CXXMemberCallExpr>(Site->Call) : nullptr;
  if (!Member || !Member->getImplicitObjectArgument())
    return false;
  const Expr &Object = *Member->getImplicitObjectArgument();
  if (isFreshObject(Object))
    return true;
  if (!isCallersOwnObject(Object) || isInLoop(*Site->Call, Ctx))
    return false;
  const FunctionDecl *Caller = Site->Caller;
  if (const auto *Lambda = dyn_cast<CXXMethodDecl>(Caller);
      Lambda && Lambda->getParent()->isLambda())
    Caller = runnerOfLambdaOnce(*Lambda, Ctx, Roles);
  const auto *CallerMember = dyn_cast_or_null<CXXMethodDecl>(Caller);
  return CallerMember &&
         CallerMember->getParent() ==
             cast<CXXMethodDecl>(FD).getParent() &&
         oncePerObject(*CallerMember, Calls, Roles, Ctx, Depth - 1);
}

//===----------------------------------------------------------------------===//
// Other writes
//===----------------------------------------------------------------------===//

/// The kind of write the use \p Use (a reference to the state) makes, or
/// std::nullopt when it only reads.
static std::optional<WriteKind> writeOfUse(const Expr &Use, ASTContext &Ctx) {
  const Expr *Child = &Use;
  for (DynTypedNodeList Parents = Ctx.getParents(Use); !Parents.empty();
       Parents = Ctx.getParents(Parents[0])) {
    const auto *Parent = Parents[0].get<Expr>();
    if (!Parent)
      return std::nullopt; // a statement: the value is not used
    if (isa<ImplicitCastExpr>(Parent)) {
      const auto *Cast = cast<ImplicitCastExpr>(Parent);
      if (Cast->getCastKind() == CK_LValueToRValue)
        return std::nullopt; // read
      Child = Parent;
      continue;
    }
    if (isa<ParenExpr, MaterializeTemporaryExpr>(Parent)) {
      Child = Parent;
      continue;
    }
    if (const auto *Member = dyn_cast<MemberExpr>(Parent)) {
      const auto *MD = dyn_cast<CXXMethodDecl>(Member->getMemberDecl());
      if (!MD)
        return WriteKind::Other; // a field of it: not followed
      if (MD->isConst() || MD->isStatic() || isLookupOnly(MD))
        return std::nullopt;
      return writeKindOfMethod(*MD);
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Parent)) {
      const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
      if (MD && Op->getNumArgs() > 0 && Op->getArg(0) == Child)
        return MD->isConst() ? std::nullopt
                             : std::optional(writeKindOfMethod(*MD));
      return WriteKind::Other;
    }
    if (const auto *U = dyn_cast<UnaryOperator>(Parent)) {
      if (U->isIncrementDecrementOp())
        return writeKindOf(*U);
      return WriteKind::Other; // `&x`: an alias, not followed
    }
    if (const auto *B = dyn_cast<BinaryOperator>(Parent)) {
      if (B->isAssignmentOp() && B->getLHS() == Child)
        return writeKindOf(*B);
      return std::nullopt;
    }
    return WriteKind::Other; // passed by reference, bound, captured: unknown
  }
  return std::nullopt;
}

/// True when a write of kind \p Other can falsify a fact that an act of kind
/// \p Act relies on: only a write of the act's own kind can (another pop
/// empties the queue another pop checked), or one whose kind is not known.
static bool canFalsify(WriteKind Other, WriteKind Act) {
  return Other == WriteKind::Other || Act == WriteKind::Other || Other == Act;
}

/// Every reference to \p Target (a field or a variable) in the TU, outside
/// \p Skip (the coroutine's own body and the call that starts it).
static bool anyFalsifyingWrite(const ValueDecl &Target, WriteKind Act,
                               llvm::ArrayRef<const Stmt *> Skip,
                               ASTContext &Ctx) {
  struct Visitor : RecursiveASTVisitor<Visitor> {
    const ValueDecl &Target;
    WriteKind Act;
    llvm::ArrayRef<const Stmt *> Skip;
    ASTContext &Ctx;
    bool Found = false;
    Visitor(const ValueDecl &T, WriteKind A, llvm::ArrayRef<const Stmt *> S,
            ASTContext &C)
        : Target(T), Act(A), Skip(S), Ctx(C) {}
    bool shouldVisitTemplateInstantiations() const { return true; }
    bool TraverseStmt(Stmt *S, DataRecursionQueue *Queue = nullptr) {
      if (S && llvm::is_contained(Skip, S))
        return true;
      return RecursiveASTVisitor::TraverseStmt(S, Queue);
    }
    bool use(const Expr &E) {
      if (auto Kind = writeOfUse(E, Ctx); Kind && canFalsify(*Kind, Act))
        Found = true;
      return !Found;
    }
    bool VisitMemberExpr(MemberExpr *M) {
      return M->getMemberDecl() != &Target || use(*M);
    }
    bool VisitDeclRefExpr(DeclRefExpr *R) {
      return R->getDecl() != &Target || use(*R);
    }
  } V(Target, Act, Skip, Ctx);
  V.TraverseAST(Ctx);
  return V.Found;
}

bool ownsCheckedFact(const FunctionDecl &Coroutine,
                     const SharedLocation &Location, const Expr &Act,
                     const CallSiteIndex &Calls, const RoleLookup &Roles,
                     ASTContext &Ctx) {
  const Stmt *Body = Coroutine.getBody();
  if (!Body)
    return false;
  WriteKind Kind = writeKindOf(Act);
  if (Kind == WriteKind::Other)
    return false; // an assignment: any write falsifies what it acted on

  // A member of the coroutine's own object, reached through `this`.
  if (!Location.Base) {
    if (Location.Path.size() != 1 || !Location.Path[0])
      return false;
    const auto *MD = dyn_cast<CXXMethodDecl>(&Coroutine);
    if (!MD || MD->getParent()->isLambda() ||
        !oncePerObject(Coroutine, Calls, Roles, Ctx, /*Depth=*/3))
      return false;
    const Stmt *Skip[] = {Body};
    return !anyFalsifyingWrite(*Location.Path[0], Kind, Skip, Ctx);
  }

  // The object behind a reference parameter, bound at the one call site to
  // a local of the caller.
  const auto *Param = dyn_cast<ParmVarDecl>(Location.Base);
  if (!Param || !Location.Path.empty() ||
      Param->getDeclContext() != &Coroutine ||
      !Param->getType()->isLValueReferenceType())
    return false;
  const CallSite *Site =
      soleCallSite(Coroutine, Calls, Ctx.getSourceManager());
  if (!Site || isInLoop(*Site->Call, Ctx))
    return false;
  unsigned Index = Param->getFunctionScopeIndex();
  if (isa<CXXOperatorCallExpr>(Site->Call))
    ++Index; // the lambda object is argument 0
  if (Index >= Site->Call->getNumArgs())
    return false;
  const auto *Ref =
      dyn_cast<DeclRefExpr>(Site->Call->getArg(Index)->IgnoreParenImpCasts());
  const auto *Local = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Local || !Local->isLocalVarDecl() || Local->isStaticLocal())
    return false;
  // The call runs once per activation of the function that declares the
  // local: it is written there, or in lambdas it hands to functions that run
  // them once.
  const auto *LocalOwner = dyn_cast<FunctionDecl>(Local->getDeclContext());
  const FunctionDecl *Caller = Site->Caller;
  for (unsigned Depth = 0; Caller && Caller != LocalOwner && Depth < 3;
       ++Depth) {
    const auto *Lambda = dyn_cast<CXXMethodDecl>(Caller);
    if (!Lambda || !Lambda->getParent()->isLambda())
      return false;
    Caller = runnerOfLambdaOnce(*Lambda, Ctx, Roles);
  }
  if (!Caller || Caller != LocalOwner)
    return false;
  const Stmt *Skip[] = {Body, Site->Call};
  return !anyFalsifyingWrite(*Local, Kind, Skip, Ctx);
}

} // namespace clang::tidy::corolint::analysis
