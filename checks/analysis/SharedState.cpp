//===----------------------------------------------------------------------===//
//
// Shared state: which expressions inside a coroutine denote state that other
// coroutines can reach while this one is suspended.
//
//===----------------------------------------------------------------------===//

#include "SharedState.h"

#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>

namespace clang::tidy::corolint::analysis {

bool SharedLocation::overlaps(const SharedLocation &Other) const {
  if (Base != Other.Base)
    return false;
  size_t N = std::min(Path.size(), Other.Path.size());
  for (size_t I = 0; I < N; ++I) {
    const FieldDecl *A = Path[I], *B = Other.Path[I];
    if ((A && B) ? A->getCanonicalDecl() != B->getCanonicalDecl() : A != B)
      return false;
  }
  // The longer path continues inside the shorter's object, unless its next
  // step leaves it through a pointer.
  const auto &Longer = Path.size() > N ? Path : Other.Path;
  return Longer.size() == N || Longer[N] != nullptr;
}

bool isElementAccessor(const CXXMethodDecl *MD) {
  if (!MD || MD->isStatic())
    return false;
  QualType R = MD->getReturnType();
  switch (MD->getOverloadedOperator()) {
  case OO_Subscript:
  case OO_Star:
    return R->isLValueReferenceType();
  case OO_Arrow:
    return R->isPointerType();
  case OO_None:
    break;
  default:
    return false;
  }
  if (!MD->getIdentifier() || !R->isLValueReferenceType())
    return false;
  return llvm::StringSwitch<bool>(MD->getName())
      .Cases("at", "front", "back", "value", true)
      .Default(false);
}

bool isLookupOnly(const CXXMethodDecl *MD) {
  if (!MD || !MD->getIdentifier())
    return false;
  return llvm::StringSwitch<bool>(MD->getName())
      .Cases("find", "begin", "end", "rbegin", "rend", true)
      .Cases("lower_bound", "upper_bound", "equal_range", "data", true)
      .Default(false);
}

bool isMutatingMember(const CXXMethodDecl *MD) {
  return MD && !MD->isStatic() && !MD->isConst() && !isElementAccessor(MD) &&
         !isLookupOnly(MD) && !isa<CXXConversionDecl>(MD);
}

bool isElementInsertOrErase(const CXXMethodDecl *MD) {
  if (!MD || MD->isConst() || !MD->getIdentifier())
    return false;
  return llvm::StringSwitch<bool>(MD->getName())
      .Cases("insert", "emplace", "emplace_hint", "try_emplace", true)
      .Cases("insert_or_assign", "erase", "extract", true)
      .Cases("push_back", "emplace_back", "push_front", "emplace_front", true)
      .Cases("pop_back", "pop_front", "push", "pop", true)
      .Default(false);
}

/// The closure class when \p FD is a lambda's call operator.
static const CXXRecordDecl *lambdaClassOf(const FunctionDecl &FD) {
  const auto *MD = dyn_cast<CXXMethodDecl>(&FD);
  return MD && MD->getParent()->isLambda() ? MD->getParent() : nullptr;
}

namespace {
enum class Sharing { None, Shared, PointerToShared };
} // namespace

static Sharing sharingOf(const VarDecl &V, const DeclRefExpr &Ref,
                         const FunctionDecl &FD) {
  if (V.hasGlobalStorage())
    return Sharing::Shared;
  if (const CXXRecordDecl *Closure = lambdaClassOf(FD);
      Closure && Ref.refersToEnclosingVariableOrCapture()) {
    for (const LambdaCapture &C : Closure->captures())
      if (C.capturesVariable() && C.getCapturedVar() == &V)
        return C.getCaptureKind() == LCK_ByRef ? Sharing::Shared
                                               : Sharing::None;
    return Sharing::None;
  }
  if (isa<ParmVarDecl>(V) && V.getDeclContext() == &FD) {
    if (V.getType()->isReferenceType())
      return Sharing::Shared;
    if (V.getType()->isPointerType())
      return Sharing::PointerToShared;
  }
  return Sharing::None;
}

/// A class shaped like a smart pointer: `operator->` and a `get()` that
/// return a pointer (`std::shared_ptr`, `std::unique_ptr`, intrusive
/// pointers; not `std::optional`, which holds its value).
static bool isSmartPointer(const CXXRecordDecl *RD) {
  if (!RD || !RD->hasDefinition())
    return false;
  for (const CXXMethodDecl *MD : RD->methods())
    if (MD->getIdentifier() && MD->getName() == "get" &&
        MD->getNumParams() == 0 && MD->getReturnType()->isPointerType())
      return true;
  // libstdc++ declares get() in a base (__shared_ptr).
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (isSmartPointer(Base.getType()->getAsCXXRecordDecl()))
      return true;
  return false;
}

/// Whether the element access \p E dereferences a pointer held in shared
/// state (so the element is a location of its own) rather than selecting an
/// element of a container.
static bool isDereference(const Expr *E, const Expr *Object) {
  if (isa<UnaryOperator>(E))
    return Object->getType()->isPointerType();
  if (isa<ArraySubscriptExpr>(E))
    return Object->getType()->isPointerType();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    return (Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star) &&
           isSmartPointer(Object->getType()->getAsCXXRecordDecl());
  return false;
}

/// Adds a dereference step to \p A: "*p" (a member access after it then
/// spells "p->x").
static void addDereference(SharedAccess &A) {
  A.Location.Path.push_back(nullptr);
  A.Location.Name = "*" + A.Location.Name;
}

/// A pointer parameter dereferenced by its user: `p` in `p->x`, `*p`, `p[i]`.
static const VarDecl *pointerParameter(const Expr *E, const FunctionDecl &FD) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return V && sharingOf(*V, *Ref, FD) == Sharing::PointerToShared ? V
                                                                  : nullptr;
}

static SharedAccess rootedAt(const ValueDecl *Base, std::string Name) {
  SharedAccess A;
  A.Location.Base = Base;
  A.Location.Name = std::move(Name);
  return A;
}

static std::optional<SharedAccess> locate(const Expr *E,
                                          const FunctionDecl &FD) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
    if (!V || sharingOf(*V, *Ref, FD) != Sharing::Shared)
      return std::nullopt;
    return rootedAt(V, V->getName().str());
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (const auto *Static = dyn_cast<VarDecl>(ME->getMemberDecl()))
      return Static->hasGlobalStorage()
                 ? std::optional(rootedAt(Static, Static->getName().str()))
                 : std::nullopt;
    const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!Field)
      return std::nullopt;
    const Expr *Base = ME->getBase()->IgnoreParenImpCasts();
    std::optional<SharedAccess> A;
    if (isa<CXXThisExpr>(Base)) {
      A = rootedAt(nullptr, "");
    } else if (const VarDecl *P = ME->isArrow() ? pointerParameter(Base, FD)
                                                : nullptr) {
      A = rootedAt(P, P->getName().str());
    } else if ((A = locate(Base, FD))) {
      A->Object = Base;
      // `ptr->x` on a raw pointer held in shared state leaves its object.
      if (ME->isArrow() && Base->getType()->isPointerType())
        addDereference(*A);
    } else {
      return std::nullopt;
    }
    A->Keys.clear();
    A->IsElement = false;
    bool AfterDereference =
        !A->Location.Path.empty() && A->Location.Path.back() == nullptr;
    if (AfterDereference)
      A->Location.Name = A->Location.Name.substr(1) + "->";
    else if (!A->Location.Name.empty())
      A->Location.Name += ME->isArrow() ? "->" : ".";
    A->Location.Name += Field->getName();
    A->Location.Path.push_back(Field);
    return A;
  }
  // Element-forming nodes keep the location of their object.
  const Expr *Object = nullptr;
  llvm::SmallVector<const Expr *, 2> Keys;
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() != UO_Deref)
      return std::nullopt;
    Object = UO->getSubExpr()->IgnoreParenImpCasts();
  } else if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
    Object = ASE->getBase()->IgnoreParenImpCasts();
    Keys.push_back(ASE->getIdx());
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (!isElementAccessor(
            dyn_cast_or_null<CXXMethodDecl>(Op->getCalleeDecl())) ||
        Op->getNumArgs() == 0)
      return std::nullopt;
    Object = Op->getArg(0)->IgnoreParenImpCasts();
    for (unsigned I = 1; I < Op->getNumArgs(); ++I)
      Keys.push_back(Op->getArg(I));
  } else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    if (!isElementAccessor(Call->getMethodDecl()))
      return std::nullopt;
    Object = Call->getImplicitObjectArgument()->IgnoreParenImpCasts();
    Keys.append(Call->arg_begin(), Call->arg_end());
  } else {
    return std::nullopt;
  }
  std::optional<SharedAccess> A;
  if (const VarDecl *P = pointerParameter(Object, FD)) {
    A = rootedAt(P, P->getName().str());
  } else if ((A = locate(Object, FD))) {
    A->Object = Object;
    if (isDereference(E, Object))
      addDereference(*A);
  } else {
    return std::nullopt;
  }
  A->Keys = std::move(Keys);
  A->IsElement = true;
  return A;
}

std::optional<SharedAccess> locateShared(const Expr &E,
                                         const FunctionDecl &Coroutine) {
  return locate(&E, Coroutine);
}

std::optional<SharedLocation> sharedLocationOf(const Expr &E,
                                               const FunctionDecl &Coroutine) {
  if (std::optional<SharedAccess> A = locate(E.IgnoreParenImpCasts(), Coroutine))
    return std::move(A->Location);
  return std::nullopt;
}

} // namespace clang::tidy::corolint::analysis
