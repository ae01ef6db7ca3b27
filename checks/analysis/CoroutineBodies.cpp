//===----------------------------------------------------------------------===//
//
// Coroutine bodies and awaitable types.
//
//===----------------------------------------------------------------------===//

#include "CoroutineBodies.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

#include <optional>

namespace clang::tidy::corolint::analysis {

namespace {
/// Finds a co_await/co_yield/co_return in a body, not looking into nested
/// lambdas (they are separate callables).
class SuspendFinder : public RecursiveASTVisitor<SuspendFinder> {
public:
  bool Found = false;
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCoreturnStmt(CoreturnStmt *) { return !(Found = true); }
  bool VisitCoawaitExpr(CoawaitExpr *) { return !(Found = true); }
  bool VisitDependentCoawaitExpr(DependentCoawaitExpr *) {
    return !(Found = true);
  }
  bool VisitCoyieldExpr(CoyieldExpr *) { return !(Found = true); }
};
} // namespace

bool isCoroutine(const FunctionDecl *FD) {
  if (!FD)
    return false;
  const Stmt *Body = FD->getBody();
  if (!Body)
    return false;
  if (isa<CoroutineBodyStmt>(Body))
    return true;
  SuspendFinder Finder;
  Finder.TraverseStmt(const_cast<Stmt *>(Body));
  return Finder.Found;
}

const Stmt *userBodyOf(const FunctionDecl *FD) {
  if (!FD || !FD->getBody())
    return nullptr;
  if (const auto *CB = dyn_cast<CoroutineBodyStmt>(FD->getBody()))
    return CB->getBody();
  return isCoroutine(FD) ? FD->getBody() : nullptr;
}

static const FunctionDecl *functionOfNode(const DynTypedNode &N) {
  if (const auto *FD = N.get<FunctionDecl>())
    return FD;
  if (const auto *L = N.get<LambdaExpr>())
    return L->getCallOperator();
  return nullptr;
}

const FunctionDecl *enclosingFunction(const Stmt &S, ASTContext &Ctx) {
  DynTypedNodeList Parents = Ctx.getParents(S);
  while (!Parents.empty()) {
    const DynTypedNode &P = Parents[0];
    if (const FunctionDecl *FD = functionOfNode(P))
      return FD;
    if (P.get<TranslationUnitDecl>() || P.get<BlockDecl>())
      return nullptr;
    Parents = Ctx.getParents(P);
  }
  return nullptr;
}

const FunctionDecl *enclosingCoroutine(const Stmt &S, ASTContext &Ctx) {
  const FunctionDecl *FD = enclosingFunction(S, Ctx);
  while (FD) {
    if (isCoroutine(FD))
      return FD;
    // A lambda's call operator: keep walking out from the lambda expression.
    const auto *MD = dyn_cast<CXXMethodDecl>(FD);
    if (!MD || !MD->getParent()->isLambda())
      return nullptr;
    const LambdaExpr *Lambda = nullptr;
    for (DynTypedNodeList Ps = Ctx.getParents(*MD->getParent()); !Ps.empty();
         Ps = Ctx.getParents(Ps[0])) {
      if ((Lambda = Ps[0].get<LambdaExpr>()))
        break;
      if (Ps[0].get<TranslationUnitDecl>())
        break;
    }
    if (!Lambda)
      return nullptr;
    FD = enclosingFunction(*Lambda, Ctx);
  }
  return nullptr;
}

bool isLambdaWrittenIn(const FunctionDecl &FD, const Stmt &Body,
                       const SourceManager &SM) {
  const auto *MD = dyn_cast<CXXMethodDecl>(&FD);
  if (!MD || !MD->getParent()->isLambda())
    return false;
  SourceLocation Loc = MD->getParent()->getLocation();
  SourceRange Range = Body.getSourceRange();
  return Loc.isValid() && Range.isValid() &&
         !SM.isBeforeInTranslationUnit(Loc, Range.getBegin()) &&
         !SM.isBeforeInTranslationUnit(Range.getEnd(), Loc);
}

//===----------------------------------------------------------------------===//
// Awaitable types
//===----------------------------------------------------------------------===//

/// The declaration that holds \p RD's members: the definition, or for a class
/// template specialization that was never instantiated, its pattern.
static const CXXRecordDecl *memberSource(const CXXRecordDecl *RD) {
  if (!RD)
    return nullptr;
  if (const CXXRecordDecl *Def = RD->getDefinition())
    return Def;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    return Spec->getSpecializedTemplate()->getTemplatedDecl()->getDefinition();
  // A member class of a specialization that was not instantiated yet.
  if (const CXXRecordDecl *Pattern = RD->getInstantiatedFromMemberClass())
    return Pattern->getDefinition();
  return nullptr;
}

/// The first member of \p RD (or of a base) named \p Name.
static const NamedDecl *findMember(const CXXRecordDecl *RD,
                                   llvm::StringRef Name, unsigned Depth = 0) {
  RD = memberSource(RD);
  if (!RD || Depth > 8)
    return nullptr;
  for (const Decl *D : RD->decls()) {
    const auto *ND = dyn_cast<NamedDecl>(D);
    if (ND && ND->getIdentifier() && ND->getName() == Name)
      return ND;
  }
  for (const CXXBaseSpecifier &B : RD->bases())
    if (const NamedDecl *ND = findMember(B.getType()->getAsCXXRecordDecl(),
                                         Name, Depth + 1))
      return ND;
  return nullptr;
}

static bool hasMemberNamed(const CXXRecordDecl *RD, llvm::StringRef Name) {
  return findMember(RD, Name) != nullptr;
}

/// The class behind \p T (references and cv-qualifiers ignored); for a
/// dependent specialization (`task<T>` inside a template), its pattern.
static const CXXRecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType().getCanonicalType();
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
    return RD;
  if (const auto *TST = T->getAs<TemplateSpecializationType>())
    if (const auto *TD = TST->getTemplateName().getAsTemplateDecl())
      return dyn_cast_or_null<CXXRecordDecl>(TD->getTemplatedDecl());
  return nullptr;
}

static bool hasMemberCoawait(const CXXRecordDecl *RD) {
  RD = memberSource(RD);
  if (!RD)
    return false;
  for (const Decl *D : RD->decls()) {
    const auto *ND = dyn_cast<NamedDecl>(D);
    if (ND && ND->getDeclName().getCXXOverloadedOperator() == OO_Coawait)
      return true;
  }
  return false;
}

/// A free `operator co_await` whose first parameter is \p RD, declared in
/// RD's namespace (where argument-dependent lookup finds it).
static bool hasFreeCoawait(const CXXRecordDecl *RD, ASTContext &Ctx) {
  const DeclContext *NS = RD->getDeclContext()->getEnclosingNamespaceContext();
  DeclarationName Name =
      Ctx.DeclarationNames.getCXXOperatorName(OO_Coawait);
  for (const NamedDecl *ND : NS->lookup(Name)) {
    const FunctionDecl *FD = ND->getAsFunction();
    if (!FD || FD->getNumParams() != 1)
      continue;
    QualType P = FD->getParamDecl(0)->getType().getNonReferenceType();
    const CXXRecordDecl *PRD = P->getAsCXXRecordDecl();
    if (!PRD)
      if (const auto *TST = P->getAs<TemplateSpecializationType>())
        if (const auto *TD = TST->getTemplateName().getAsTemplateDecl())
          PRD = dyn_cast_or_null<CXXRecordDecl>(TD->getTemplatedDecl());
    if (!PRD)
      continue;
    const CXXRecordDecl *Mine = RD;
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      Mine = Spec->getSpecializedTemplate()->getTemplatedDecl();
    if (PRD->getCanonicalDecl() == RD->getCanonicalDecl() ||
        PRD->getCanonicalDecl() == Mine->getCanonicalDecl())
      return true;
  }
  return false;
}

AwaitableKind awaitableKind(QualType T, ASTContext &Ctx) {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD)
    return AwaitableKind::None;
  if (hasMemberNamed(RD, "promise_type"))
    return AwaitableKind::Task;
  if (hasMemberNamed(RD, "await_ready") &&
      hasMemberNamed(RD, "await_suspend") &&
      hasMemberNamed(RD, "await_resume"))
    return AwaitableKind::Awaiter;
  if (hasMemberCoawait(RD) || hasFreeCoawait(RD, Ctx))
    return AwaitableKind::Awaitable;
  return AwaitableKind::None;
}

//===----------------------------------------------------------------------===//
// How tasks start
//===----------------------------------------------------------------------===//

/// The member function of \p RD named \p Name (a template's pattern).
static const FunctionDecl *findMethod(const CXXRecordDecl *RD,
                                      llvm::StringRef Name) {
  const NamedDecl *ND = findMember(RD, Name);
  return ND ? ND->getAsFunction() : nullptr;
}

/// The definition of \p FD, or of its pattern when \p FD is a member of a
/// specialization whose body was not instantiated.
static const FunctionDecl *definitionOf(const FunctionDecl *FD) {
  const FunctionDecl *Def = nullptr;
  if (!FD)
    return nullptr;
  if (FD->hasBody(Def))
    return Def;
  if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
    if (Pattern->hasBody(Def))
      return Def;
  return nullptr;
}

const Expr *singleReturnValue(const FunctionDecl *FD) {
  const FunctionDecl *Def = definitionOf(FD);
  if (!Def)
    return nullptr;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Body || Body->size() != 1)
    return nullptr;
  const auto *Return = dyn_cast<ReturnStmt>(Body->body_front());
  return Return ? Return->getRetValue() : nullptr;
}

/// The value of `await_ready()` when its body is `return <constant>;`.
static std::optional<bool> constantAwaitReady(const CXXRecordDecl *Awaiter,
                                              ASTContext &Ctx) {
  const Expr *Value = singleReturnValue(findMethod(Awaiter, "await_ready"));
  bool Result = false;
  if (!Value || Value->isValueDependent() ||
      !Value->EvaluateAsBooleanCondition(Result, Ctx))
    return std::nullopt;
  return Result;
}

/// True when \p Awaiter's `await_suspend` returns void and does nothing.
static bool hasEmptyAwaitSuspend(const CXXRecordDecl *Awaiter) {
  const FunctionDecl *Def = definitionOf(findMethod(Awaiter, "await_suspend"));
  if (!Def || !Def->getReturnType()->isVoidType())
    return false;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  return Body && Body->body_empty();
}

/// The type of the awaiter \p InitialSuspend returns: its declared return
/// type, or for an undeduced `auto` in a template pattern, the type of its
/// single returned expression.
static QualType initialAwaiterType(const FunctionDecl *InitialSuspend) {
  QualType T = InitialSuspend->getReturnType();
  if (const AutoType *Auto = T->getContainedAutoType();
      Auto && Auto->getDeducedType().isNull()) {
    const Expr *Value = singleReturnValue(InitialSuspend);
    return Value ? ignoreWrappers(Value)->getType() : QualType();
  }
  return T;
}

/// Lazy or eager from the promise's `initial_suspend`.
static TaskStart startOfPromise(const CXXRecordDecl *Task, ASTContext &Ctx) {
  const NamedDecl *Promise = findMember(Task, "promise_type");
  const CXXRecordDecl *PromiseRD = nullptr;
  if (const auto *RD = dyn_cast_or_null<CXXRecordDecl>(Promise))
    PromiseRD = RD;
  else if (const auto *Alias = dyn_cast_or_null<TypedefNameDecl>(Promise))
    PromiseRD = recordOf(Alias->getUnderlyingType());
  const FunctionDecl *Initial = findMethod(PromiseRD, "initial_suspend");
  if (!Initial)
    return TaskStart::Unknown;
  const CXXRecordDecl *Awaiter = recordOf(initialAwaiterType(Initial));
  if (!Awaiter)
    return TaskStart::Unknown;
  std::optional<bool> Ready = constantAwaitReady(Awaiter, Ctx);
  if (Ready == true)
    return TaskStart::Eager;
  if (Ready == false && hasEmptyAwaitSuspend(Awaiter))
    return TaskStart::Lazy;
  return TaskStart::Unknown;
}

/// A future's interface: the work runs whether or not anyone waits.
static bool isFutureLike(const CXXRecordDecl *RD) {
  for (llvm::StringRef Name : {"get", "wait", "then"})
    if (findMethod(RD, Name))
      return true;
  return false;
}

TaskStart taskStart(QualType T, ASTContext &Ctx) {
  AwaitableKind Kind = awaitableKind(T, Ctx);
  if (Kind == AwaitableKind::None)
    return TaskStart::Unknown;
  const CXXRecordDecl *RD = recordOf(T);
  if (Kind == AwaitableKind::Task)
    if (TaskStart Start = startOfPromise(RD, Ctx); Start != TaskStart::Unknown)
      return Start;
  if (isFutureLike(RD))
    return TaskStart::Eager;
  return Kind == AwaitableKind::Task ? TaskStart::Unknown : TaskStart::Lazy;
}

//===----------------------------------------------------------------------===//
// Values and their wrappers
//===----------------------------------------------------------------------===//

const Expr *wrappedExpr(const Expr *E) {
  if (!E)
    return nullptr;
  if (const auto *Paren = dyn_cast<ParenExpr>(E))
    return Paren->getSubExpr();
  if (const auto *Cast = dyn_cast<ImplicitCastExpr>(E))
    return Cast->getSubExpr();
  if (const auto *Full = dyn_cast<FullExpr>(E))
    return Full->getSubExpr();
  if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(E))
    return MTE->getSubExpr();
  if (const auto *BTE = dyn_cast<CXXBindTemporaryExpr>(E))
    return BTE->getSubExpr();
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
      CE && CE->getNumArgs() == 1 && !isa<CXXTemporaryObjectExpr>(CE) &&
      CE->getConstructor()->isCopyOrMoveConstructor())
    return CE->getArg(0);
  return nullptr;
}

const Expr *ignoreWrappers(const Expr *E) {
  while (const Expr *Next = wrappedExpr(E))
    E = Next;
  return E;
}

const Expr &outermostWrapper(const Expr &E, ASTContext &Ctx) {
  const Expr *Current = &E;
  for (DynTypedNodeList Parents = Ctx.getParents(E); !Parents.empty();
       Parents = Ctx.getParents(Parents[0])) {
    const auto *Parent = Parents[0].get<Expr>();
    if (!Parent || wrappedExpr(Parent) != Current)
      break;
    Current = Parent;
  }
  return *Current;
}

static void collectProducingCalls(const Expr *E,
                                  llvm::SmallVectorImpl<const CallExpr *> &Out,
                                  unsigned Depth) {
  E = ignoreWrappers(E);
  if (!E || Depth > 16)
    return;
  if (const auto *Cond = dyn_cast<ConditionalOperator>(E)) {
    collectProducingCalls(Cond->getTrueExpr(), Out, Depth + 1);
    collectProducingCalls(Cond->getFalseExpr(), Out, Depth + 1);
    return;
  }
  if (const auto *Comma = dyn_cast<BinaryOperator>(E);
      Comma && Comma->isCommaOp()) {
    collectProducingCalls(Comma->getRHS(), Out, Depth + 1);
    return;
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  if (Call && Call->isPRValue() && !Call->isTypeDependent())
    Out.push_back(Call);
}

llvm::SmallVector<const CallExpr *, 2> producingCalls(const Expr *E) {
  llvm::SmallVector<const CallExpr *, 2> Calls;
  collectProducingCalls(E, Calls, 0);
  return Calls;
}

bool isAwaitedOperand(const Expr &E, ASTContext &Ctx) {
  const Stmt *Child = &E;
  DynTypedNodeList Parents = Ctx.getParents(E);
  while (!Parents.empty()) {
    const DynTypedNode &P = Parents[0];
    if (const auto *S = P.get<CoroutineSuspendExpr>())
      return S->getOperand() == Child ||
             ignoreWrappers(S->getOperand()) == ignoreWrappers(cast<Expr>(Child));
    if (const auto *D = P.get<DependentCoawaitExpr>())
      return D->getOperand() != nullptr;
    if (const auto *R = P.get<CoreturnStmt>())
      return R->getOperand() != nullptr;
    const auto *PE = P.get<Expr>();
    if (!PE)
      return false;
    // Only look through wrappers: a call that takes the task as an argument
    // consumes it in another way.
    if (wrappedExpr(PE) != Child && !isa<OpaqueValueExpr>(PE))
      return false;
    Child = PE;
    Parents = Ctx.getParents(P);
  }
  return false;
}

/// True when \p Call calls a coroutine (judged on its definition when one
/// is visible).
static bool callsCoroutine(const CallExpr &Call) {
  const FunctionDecl *FD = Call.getDirectCallee();
  return FD && isCoroutine(FD->getDefinition() ? FD->getDefinition() : FD);
}

/// The task that \p Call adapts: the object of `f().via(ex)` or the
/// argument of `co_withExecutor(ex, f())`, when \p Call returns an
/// awaitable and is given exactly one new coroutine task, by value or as an
/// rvalue. The adapted work is the coroutine's, under another executor or
/// token.
static const Expr *adaptedTask(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  ASTContext &Ctx = Callee->getASTContext();
  if (!isAwaitableType(Call.getType(), Ctx))
    return nullptr;
  auto IsNewTask = [](const Expr *E) {
    if (E->isLValue())
      return false;
    for (const CallExpr *Inner : producingCalls(E))
      if (callsCoroutine(*Inner))
        return true;
    return false;
  };
  const Expr *Task = nullptr;
  unsigned Tasks = 0;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call))
    if (const Expr *Object = Member->getImplicitObjectArgument();
        Object && IsNewTask(Object->IgnoreImplicit())) {
      Task = Object->IgnoreImplicit();
      ++Tasks;
    }
  for (const Expr *Arg : Call.arguments())
    if (IsNewTask(Arg)) {
      Task = Arg;
      ++Tasks;
    }
  return Tasks == 1 ? Task : nullptr;
}

const FunctionDecl *spawnedCoroutine(const Expr *Arg) {
  Arg = Arg->IgnoreImplicit()->IgnoreParens();
  if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(Arg))
    Arg = Bind->getSubExpr();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Arg);
      Construct && Construct->getNumArgs() == 1)
    Arg = Construct->getArg(0)->IgnoreImplicit();
  for (const CallExpr *Call : producingCalls(Arg)) {
    if (callsCoroutine(*Call))
      return Call->getDirectCallee()->getDefinition();
    if (const Expr *Wrapped = Call->getDirectCallee() ? adaptedTask(*Call)
                                                      : nullptr)
      return spawnedCoroutine(Wrapped);
  }
  if (const auto *Lambda = dyn_cast<LambdaExpr>(Arg)) {
    const CXXMethodDecl *Op = Lambda->getCallOperator();
    if (isCoroutine(Op))
      return Op;
    if (const Expr *Returned = singleReturnValue(Op))
      return spawnedCoroutine(Returned);
  }
  return nullptr;
}

const FunctionDecl *startedCoroutine(const CallExpr &Spawn,
                                     const Expr *Except) {
  for (const Expr *Arg : Spawn.arguments())
    if (Arg != Except)
      if (const FunctionDecl *Coroutine = spawnedCoroutine(Arg))
        return Coroutine;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Spawn))
    if (const Expr *Object = Member->getImplicitObjectArgument())
      return spawnedCoroutine(Object);
  return nullptr;
}

} // namespace clang::tidy::corolint::analysis
