//===----------------------------------------------------------------------===//
//
// Non-blocking descriptors: access paths, the TU-wide index of descriptors
// made non-blocking, and readiness awaits.
//
//===----------------------------------------------------------------------===//

#include "NonBlockingDescriptors.h"

#include "CoroutineBodies.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::corolint::analysis {

//===----------------------------------------------------------------------===//
// Access paths
//===----------------------------------------------------------------------===//

const NamedDecl *AccessPath::last() const {
  if (!Steps.empty())
    return Steps.back();
  return Root;
}

bool AccessPath::isPrefixOf(const AccessPath &Other) const {
  return Root == Other.Root && Steps.size() <= Other.Steps.size() &&
         std::equal(Steps.begin(), Steps.end(), Other.Steps.begin());
}

/// Strips what does not change which object an expression designates.
static const Expr *stripToObject(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreParenCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(Next))
      Next = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = B->getSubExpr();
    else if (const auto *U = dyn_cast<UnaryOperator>(Next);
             U && (U->getOpcode() == UO_Deref || U->getOpcode() == UO_AddrOf))
      Next = U->getSubExpr();
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

/// The expression a zero-argument accessor returns (`return m_fd;`), or
/// nullptr when \p MD is not such an accessor or its body is not visible.
static const Expr *accessorResult(const CXXMethodDecl *MD) {
  if (!MD || MD->getNumParams() != 0 || MD->isStatic())
    return nullptr;
  return singleReturnValue(MD);
}

static std::optional<AccessPath> accessPathOf(const Expr *E, unsigned Depth) {
  E = stripToObject(E);
  if (!E || Depth > 4)
    return std::nullopt;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return std::nullopt;
    AccessPath P;
    P.Root = cast<ValueDecl>(Var->getCanonicalDecl());
    return P;
  }
  if (isa<CXXThisExpr>(E))
    return AccessPath();
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (!Field)
      return std::nullopt;
    auto P = accessPathOf(Member->getBase(), Depth + 1);
    if (P)
      P->Steps.push_back(Field->getCanonicalDecl());
    return P;
  }
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
    return accessPathOf(Subscript->getBase(), Depth + 1);
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = Call->getMethodDecl();
    if (!MD || Call->getNumArgs() != 0)
      return std::nullopt;
    auto P = accessPathOf(Call->getImplicitObjectArgument(), Depth + 1);
    if (!P)
      return std::nullopt;
    // `return m_fd;`: the accessor is its field, read from the object.
    if (auto Inner = accessPathOf(accessorResult(MD), Depth + 1);
        Inner && Inner->rootIsThis() && !Inner->Steps.empty()) {
      P->Steps.append(Inner->Steps.begin(), Inner->Steps.end());
      return P;
    }
    P->Steps.push_back(MD->getCanonicalDecl());
    return P;
  }
  return std::nullopt;
}

std::optional<AccessPath> accessPathOf(const Expr *E) {
  return accessPathOf(E, 0);
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

/// True when a macro named \p Name took part in producing the token at
/// \p Loc.
static bool expandedFromMacro(SourceLocation Loc, llvm::StringRef Name,
                              const SourceManager &SM,
                              const LangOptions &LangOpts) {
  while (Loc.isMacroID()) {
    if (Lexer::getImmediateMacroName(Loc, SM, LangOpts) == Name)
      return true;
    Loc = SM.getImmediateMacroCallerLoc(Loc);
  }
  return false;
}

bool mentionsConstant(const Stmt *S, llvm::StringRef Name, ASTContext &Ctx) {
  if (!S)
    return false;
  if (const auto *U = dyn_cast<UnaryOperator>(S); U && U->getOpcode() == UO_Not)
    return false; // `~FLAG` clears it
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    if (const auto *Constant = dyn_cast<EnumConstantDecl>(Ref->getDecl()))
      if (Constant->getName() == Name)
        return true;
  if (isa<IntegerLiteral>(S) &&
      expandedFromMacro(S->getBeginLoc(), Name, Ctx.getSourceManager(),
                        Ctx.getLangOpts()))
    return true;
  for (const Stmt *Child : S->children())
    if (mentionsConstant(Child, Name, Ctx))
      return true;
  return false;
}

//===----------------------------------------------------------------------===//
// The TU-wide index: descriptors produced or set non-blocking
//===----------------------------------------------------------------------===//

namespace {
/// A C function that returns (or fills in) a new descriptor, and the flag
/// that makes it non-blocking.
struct Producer {
  unsigned FlagsArg;
  llvm::StringRef Flag;
  /// The argument that receives the descriptors (pipe2, socketpair), or ~0u
  /// when the result is the descriptor.
  unsigned OutArg = ~0u;
};
} // namespace

static std::optional<Producer> producerOf(const FunctionDecl &FD) {
  if (!FD.isExternC() || !FD.getIdentifier())
    return std::nullopt;
  return llvm::StringSwitch<std::optional<Producer>>(FD.getName())
      .Case("socket", Producer{1, "SOCK_NONBLOCK"})
      .Case("accept4", Producer{3, "SOCK_NONBLOCK"})
      .Case("socketpair", Producer{1, "SOCK_NONBLOCK", 3})
      .Cases("open", "open64", Producer{1, "O_NONBLOCK"})
      .Cases("openat", "openat64", Producer{2, "O_NONBLOCK"})
      .Case("pipe2", Producer{1, "O_NONBLOCK", 0})
      .Case("eventfd", Producer{1, "EFD_NONBLOCK"})
      .Case("timerfd_create", Producer{1, "TFD_NONBLOCK"})
      .Case("signalfd", Producer{2, "SFD_NONBLOCK"})
      .Case("inotify_init1", Producer{0, "IN_NONBLOCK"})
      .Case("epoll_create1", Producer{~0u, ""})
      .Default(std::nullopt);
}

/// The producing call \p E is (through conversions), when it produces a
/// non-blocking descriptor as its result.
static const CallExpr *nonBlockingResult(const Expr *E, ASTContext &Ctx) {
  const auto *Call = dyn_cast_or_null<CallExpr>(stripToObject(E));
  if (!Call || !Call->getDirectCallee())
    return nullptr;
  auto P = producerOf(*Call->getDirectCallee());
  if (!P || P->OutArg != ~0u || P->FlagsArg >= Call->getNumArgs())
    return nullptr;
  return mentionsConstant(Call->getArg(P->FlagsArg), P->Flag, Ctx) ? Call
                                                                   : nullptr;
}

/// Like nonBlockingResult, also through the construction of an object from
/// the call (`socket s{::socket(...)}`, `unique_fd fd(::open(...))`).
static const CallExpr *nonBlockingInit(const Expr *E, ASTContext &Ctx) {
  if (!E)
    return nullptr;
  if (const CallExpr *Call = nonBlockingResult(E, Ctx))
    return Call;
  const Expr *Inner = ignoreWrappers(E);
  if (const auto *Cast = dyn_cast_or_null<CXXFunctionalCastExpr>(Inner))
    Inner = ignoreWrappers(Cast->getSubExpr());
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Inner)) {
    if (Construct->getNumArgs() >= 1)
      return nonBlockingResult(Construct->getArg(0), Ctx);
  } else if (const auto *List = dyn_cast_or_null<InitListExpr>(Inner)) {
    if (List->getNumInits() >= 1)
      return nonBlockingResult(List->getInit(0), Ctx);
  } else if (const auto *Paren = dyn_cast_or_null<ParenListExpr>(Inner)) {
    if (Paren->getNumExprs() >= 1)
      return nonBlockingResult(Paren->getExpr(0), Ctx);
  }
  return nullptr;
}

bool valueMentionsConstant(const Expr *Value, llvm::StringRef Name,
                           const Stmt *Body, ASTContext &Ctx) {
  if (mentionsConstant(Value, Name, Ctx))
    return true;
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(stripToObject(Value));
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !(Var->isLocalVarDecl() || isa<ParmVarDecl>(Var)))
    return false;
  if (mentionsConstant(Var->getInit(), Name, Ctx))
    return true;
  if (!Body)
    return false;
  // Assignments to the variable in the function (`flags |= FLAG`).
  struct Finder : RecursiveASTVisitor<Finder> {
    const VarDecl *Var;
    llvm::StringRef Name;
    ASTContext &Ctx;
    bool Found = false;
    Finder(const VarDecl *Var, llvm::StringRef Name, ASTContext &Ctx)
        : Var(Var), Name(Name), Ctx(Ctx) {}
    bool VisitBinaryOperator(BinaryOperator *B) {
      if (!B->isAssignmentOp())
        return true;
      const auto *L = dyn_cast<DeclRefExpr>(B->getLHS()->IgnoreParenImpCasts());
      if (L && L->getDecl() == Var && mentionsConstant(B->getRHS(), Name, Ctx))
        Found = true;
      return !Found;
    }
  } F(Var, Name, Ctx);
  F.TraverseStmt(const_cast<Stmt *>(Body));
  return F.Found;
}

/// True when \p E expands from the macro \p Name (`F_SETFL`, `FIONBIO`).
static bool isMacroConstant(const Expr *E, llvm::StringRef Name,
                            ASTContext &Ctx) {
  if (!E)
    return false;
  return expandedFromMacro(E->IgnoreParenImpCasts()->getBeginLoc(), Name,
                           Ctx.getSourceManager(), Ctx.getLangOpts()) ||
         mentionsConstant(E, Name, Ctx);
}

static void collectMentions(const Stmt *S,
                            llvm::SmallVectorImpl<AccessPath> &Into,
                            unsigned Depth);

/// One walk over the translation unit that marks the descriptors produced
/// or set non-blocking.
class NonBlockingIndexer : public RecursiveASTVisitor<NonBlockingIndexer> {
  using Base = RecursiveASTVisitor<NonBlockingIndexer>;

public:
  NonBlockingIndexer(NonBlockingDescriptors &Into) : Into(Into), Ctx(Into.Ctx) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool TraverseFunctionDecl(FunctionDecl *FD) {
    return withBody(FD, [&] { return Base::TraverseFunctionDecl(FD); });
  }
  bool TraverseCXXMethodDecl(CXXMethodDecl *FD) {
    markAwaitedMembers(*FD);
    return withBody(FD, [&] { return Base::TraverseCXXMethodDecl(FD); });
  }
  bool TraverseCXXConstructorDecl(CXXConstructorDecl *FD) {
    if (FD->doesThisDeclarationHaveABody())
      for (const CXXCtorInitializer *Init : FD->inits())
        if (Init->isMemberInitializer() && Init->getMember())
          if (const CallExpr *Call = nonBlockingInit(Init->getInit(), Ctx)) {
            AccessPath P;
            P.Steps.push_back(Init->getMember()->getCanonicalDecl());
            Into.mark(P, NonBlockingReason::OpenedNonBlocking, Call);
          }
    return withBody(FD, [&] { return Base::TraverseCXXConstructorDecl(FD); });
  }

  bool VisitVarDecl(VarDecl *Var) {
    if (const CallExpr *Call = nonBlockingInit(Var->getInit(), Ctx)) {
      AccessPath P;
      P.Root = cast<ValueDecl>(Var->getCanonicalDecl());
      Into.mark(P, NonBlockingReason::OpenedNonBlocking, Call);
    }
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->getOpcode() != BO_Assign)
      return true;
    if (const CallExpr *Call = nonBlockingInit(B->getRHS(), Ctx))
      if (auto P = accessPathOf(B->getLHS()))
        Into.mark(*P, NonBlockingReason::OpenedNonBlocking, Call);
    return true;
  }

  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Op) {
    // `fd = unique_fd(::socket(...))` on a class type.
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      if (const CallExpr *Call = nonBlockingInit(Op->getArg(1), Ctx))
        if (auto P = accessPathOf(Op->getArg(0)))
          Into.mark(*P, NonBlockingReason::OpenedNonBlocking, Call);
    return true;
  }

  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *FD = Call->getDirectCallee();
    if (!FD || !FD->isExternC() || !FD->getIdentifier())
      return true;
    llvm::StringRef Name = FD->getName();
    if (auto P = producerOf(*FD); P && P->OutArg != ~0u) {
      if (P->OutArg < Call->getNumArgs() && P->FlagsArg < Call->getNumArgs() &&
          mentionsConstant(Call->getArg(P->FlagsArg), P->Flag, Ctx))
        if (auto Path = accessPathOf(Call->getArg(P->OutArg)))
          Into.mark(*Path, NonBlockingReason::OpenedNonBlocking, Call);
      return true;
    }
    if (Name == "fcntl" && Call->getNumArgs() >= 3 &&
        isMacroConstant(Call->getArg(1), "F_SETFL", Ctx) &&
        valueMentionsConstant(Call->getArg(2), "O_NONBLOCK", CurrentBody, Ctx)) {
      if (auto Path = accessPathOf(Call->getArg(0)))
        Into.mark(*Path, NonBlockingReason::SetNonBlocking, Call);
      return true;
    }
    if (Name == "ioctl" && Call->getNumArgs() >= 3 &&
        isMacroConstant(Call->getArg(1), "FIONBIO", Ctx))
      if (auto Path = accessPathOf(Call->getArg(0)))
        Into.mark(*Path, NonBlockingReason::SetNonBlocking, Call);
    return true;
  }

private:
  /// A class that awaits the readiness of one of its members, or hands out
  /// an awaitable made from it (`task<> poll() { return
  /// sched->poll(m_socket, op); }`), is written for a non-blocking
  /// descriptor there: mark the member for every member function of the
  /// class (ReadinessAwaited, TU-wide).
  void markAwaitedMembers(const CXXMethodDecl &MD) {
    if (MD.isStatic() || MD.getParent()->isLambda() ||
        !MD.doesThisDeclarationHaveABody() || MD.isDependentContext())
      return;
    llvm::SmallVector<AccessPath, 4> Mentions;
    const Stmt *Witness = nullptr;
    if (isCoroutine(&MD)) {
      for (const auto &Await : Into.awaitsOf(&MD)) {
        Mentions.append(Await.Mentions.begin(), Await.Mentions.end());
        Witness = Await.Await;
      }
    } else if (isAwaitableType(MD.getReturnType(), Ctx)) {
      if (const Expr *Value = singleReturnValue(&MD)) {
        collectMentions(Value, Mentions, 0);
        Witness = Value;
      }
    }
    // Only a member *object* that owns a descriptor (a socket member), not a
    // raw descriptor of a wrapper class: a socket class's own `poll()` on its
    // `fd_` is offered for every socket, blocking or not.
    for (const AccessPath &P : Mentions) {
      if (!P.rootIsThis() || P.Steps.empty())
        continue;
      const auto *Member = dyn_cast<FieldDecl>(P.Steps.front());
      if (!Member || !Member->getType()->getAsCXXRecordDecl())
        continue;
      AccessPath Owner;
      Owner.Steps.push_back(Member->getCanonicalDecl());
      Into.mark(Owner, NonBlockingReason::ReadinessAwaited, Witness);
    }
  }

  /// Runs \p Traverse with \p FD's body as the function being indexed (for
  /// the assignments valueMentionsConstant looks at).
  template <class TraverseT>
  bool withBody(const FunctionDecl *FD, TraverseT Traverse) {
    const Stmt *Saved = CurrentBody;
    CurrentBody = FD->getBody();
    bool Result = Traverse();
    CurrentBody = Saved;
    return Result;
  }

  NonBlockingDescriptors &Into;
  ASTContext &Ctx;
  const Stmt *CurrentBody = nullptr;
};

void NonBlockingDescriptors::mark(const AccessPath &Path,
                                  NonBlockingReason Reason,
                                  const Stmt *Witness) {
  if (const NamedDecl *D = Path.last())
    Marked.try_emplace(D->getCanonicalDecl(),
                       NonBlockingEvidence{Reason, Witness});
}

void NonBlockingDescriptors::indexTranslationUnit() {
  if (Indexed)
    return;
  Indexed = true;
  NonBlockingIndexer Indexer(*this);
  Indexer.TraverseDecl(Ctx.getTranslationUnitDecl());
}

//===----------------------------------------------------------------------===//
// Readiness awaits
//===----------------------------------------------------------------------===//

static bool isBareThis(const AccessPath &P) {
  return P.rootIsThis() && P.Steps.empty();
}

/// \p P, read from the object \p Object instead of `this`.
static AccessPath rebased(const AccessPath &P, const AccessPath &Object) {
  AccessPath Result = Object;
  Result.Steps.append(P.Steps.begin(), P.Steps.end());
  return Result;
}

/// Collects the access paths an awaited operand mentions. \p Depth 0 also
/// looks into the body of a member function the operand calls, with the
/// paths it reads from `this` rebased on the object it is called on
/// (`co_await poll(op)` where `poll` returns `sched->poll(m_socket, op)`).
static void collectMentions(const Stmt *S,
                            llvm::SmallVectorImpl<AccessPath> &Into,
                            unsigned Depth) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *E = dyn_cast<Expr>(S))
    if (isa<DeclRefExpr, MemberExpr, CXXMemberCallExpr>(E))
      if (auto P = accessPathOf(E); P && !isBareThis(*P))
        Into.push_back(std::move(*P));
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
    auto Object = accessPathOf(Member->getImplicitObjectArgument());
    // The object a member is called on: `sock.poll(...)`.
    if (Object && !isBareThis(*Object))
      Into.push_back(*Object);
    const CXXMethodDecl *MD = Member->getMethodDecl();
    const FunctionDecl *Def = nullptr;
    if (Object && Depth == 0 && MD && MD->hasBody(Def) && Def) {
      llvm::SmallVector<AccessPath, 4> Inner;
      collectMentions(Def->getBody(), Inner, Depth + 1);
      for (const AccessPath &P : Inner)
        if (P.rootIsThis())
          if (AccessPath R = rebased(P, *Object); !isBareThis(R))
            Into.push_back(std::move(R));
    }
  }
  for (const Stmt *Child : S->children())
    collectMentions(Child, Into, Depth);
}

const std::vector<NonBlockingDescriptors::AwaitRecord> &
NonBlockingDescriptors::awaitsOf(const FunctionDecl *FD) {
  auto [It, Inserted] = Awaits.try_emplace(FD);
  if (!Inserted || !FD->getBody())
    return It->second;
  struct Walker : RecursiveASTVisitor<Walker> {
    std::vector<AwaitRecord> &Into;
    explicit Walker(std::vector<AwaitRecord> &Into) : Into(Into) {}
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
    bool VisitCoawaitExpr(CoawaitExpr *Await) {
      if (Await->isImplicit())
        return true;
      AwaitRecord R{Await, {}};
      collectMentions(Await->getOperand(), R.Mentions, 0);
      if (!R.Mentions.empty())
        Into.push_back(std::move(R));
      return true;
    }
  } W(It->second);
  W.TraverseStmt(FD->getBody());
  return Awaits[FD];
}

std::optional<NonBlockingEvidence>
NonBlockingDescriptors::readinessAwaited(const AccessPath &Path,
                                         const Expr &Site) {
  const FunctionDecl *FD = enclosingFunction(Site, Ctx);
  if (!FD || !isCoroutine(FD))
    return std::nullopt;
  for (const AwaitRecord &R : awaitsOf(FD))
    if (llvm::any_of(R.Mentions, [&](const AccessPath &Mentioned) {
          return Mentioned.isPrefixOf(Path);
        }))
      return NonBlockingEvidence{NonBlockingReason::ReadinessAwaited, R.Await};
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Entry point
//===----------------------------------------------------------------------===//

std::optional<NonBlockingEvidence>
NonBlockingDescriptors::evidenceFor(const Expr &Descriptor, const Expr &Site) {
  auto Path = accessPathOf(&Descriptor);
  if (!Path)
    return std::nullopt;
  indexTranslationUnit();
  // The descriptor, or an object on its path, made non-blocking.
  auto Check = [&](const Decl *D) -> std::optional<NonBlockingEvidence> {
    if (!D)
      return std::nullopt;
    auto It = Marked.find(D->getCanonicalDecl());
    if (It == Marked.end())
      return std::nullopt;
    return It->second;
  };
  if (auto E = Check(Path->Root))
    return E;
  for (const NamedDecl *Step : Path->Steps)
    if (auto E = Check(Step))
      return E;
  return readinessAwaited(*Path, Site);
}

std::optional<NonBlockingEvidence> NonBlockingDescriptors::evidenceThrough(
    llvm::ArrayRef<const Expr *> Calls, const Expr &Descriptor) {
  if (Calls.empty())
    return std::nullopt;
  auto Path = accessPathOf(&Descriptor);
  // Rebase the path on the object of each call, innermost first, while it
  // is read from `this`.
  for (size_t I = Calls.size(); Path && I-- > 0;) {
    if (!Path->rootIsThis())
      return std::nullopt; // a local or parameter of a callee
    const auto *Member = dyn_cast<CXXMemberCallExpr>(Calls[I]);
    if (!Member)
      return std::nullopt;
    auto Object = accessPathOf(Member->getImplicitObjectArgument());
    if (!Object)
      return std::nullopt;
    Path = rebased(*Path, *Object);
  }
  if (!Path || isBareThis(*Path))
    return std::nullopt;
  return readinessAwaited(*Path, *Calls.front());
}

} // namespace clang::tidy::corolint::analysis
