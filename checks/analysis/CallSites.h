//===----------------------------------------------------------------------===//
//
// Who calls whom in one translation unit: the call sites of every function,
// and the places where a function escapes direct calls.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_CALLSITES_H
#define COROLINT_CHECKS_ANALYSIS_CALLSITES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::corolint::analysis {

/// One direct call of a function.
struct CallSite {
  const CallExpr *Call = nullptr;
  /// The innermost function (a lambda's call operator for lambdas) whose
  /// body holds the call; nullptr at namespace scope (a global initialiser).
  const FunctionDecl *Caller = nullptr;
};

/// The call sites of every function in one translation unit.
///
/// Certainty: a call listed here exists in the TU; a function with no listed
/// call site may still be called from another TU, through a pointer, or by
/// dynamic dispatch. Those possibilities are reported, not guessed:
/// `escapesOf` lists the references to a function that are not direct calls
/// (`&f`, `f` passed as a callback, a lambda object that is stored or passed
/// on), and `mayBeCalledIndirectly` adds virtual functions.
///
/// Limits: calls are resolved statically (`CallExpr::getDirectCallee`), so a
/// call through a base class is listed under the base's method only. Code in
/// uninstantiated templates (dependent contexts) is not indexed; template
/// instantiations are. Calls from other TUs are unknown.
class CallSiteIndex {
public:
  /// Indexes every call in \p Ctx's translation unit (one AST traversal).
  explicit CallSiteIndex(ASTContext &Ctx);

  /// The direct calls of \p FD (any redeclaration), in source order.
  llvm::ArrayRef<CallSite> callersOf(const FunctionDecl *FD) const;

  /// References to \p FD that are not the callee of a direct call.
  llvm::ArrayRef<const Expr *> escapesOf(const FunctionDecl *FD) const;

  /// True when \p FD can be reached without a call listed by callersOf: it
  /// escapes (see escapesOf) or it is a virtual method.
  bool mayBeCalledIndirectly(const FunctionDecl *FD) const;

private:
  friend class CallSiteCollector;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<CallSite, 2>> Calls;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<const Expr *, 1>>
      Escapes;
};

/// True when \p Site invokes a callable that \p Function received as a
/// parameter of template type: `template <class F> task<> bridge(F f) {
/// co_return f(); }`. Such generic code runs whatever its caller hands it, so
/// what the callable does belongs to the code that chose the callable (and
/// the function it handed it to), not to the generic function. \p Function
/// must be an instantiation: in the pattern, the parameter's type depends on
/// a template parameter.
bool invokesCallableParameter(const Expr &Site, const FunctionDecl &Function);

} // namespace clang::tidy::corolint::analysis

#endif
