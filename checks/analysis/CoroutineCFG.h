//===----------------------------------------------------------------------===//
//
// The control-flow graph of one coroutine body, with its suspension points
// placed on it.
//
// Built once per coroutine from the statements the user wrote (the body
// inside the implicit CoroutineBodyStmt): every evaluated sub-expression is
// an element, so reads, awaits and writes inside one full-expression are
// ordered as they are evaluated; the ends of automatic variables' lifetimes
// (scope exits, including through break, continue, return and co_return)
// are elements too. Queries are about CFG paths: flow-sensitive, not
// path-sensitive (branch conditions are not evaluated, so two branches that
// can never both be taken still lie on one path). Exceptional edges are not
// modelled: a throw ends the path, and no path leads into a catch handler
// from the try block's calls.
//
// Self-contained: constructed from a coroutine and its ASTContext, with no
// knowledge of any check, so that one instance can serve every check. The
// same graph can be built for an ordinary function's body (AnyBody): it has
// no suspension points, and serves questions about a coroutine's callers.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_COROUTINECFG_H
#define COROLINT_CHECKS_ANALYSIS_COROUTINECFG_H

#include "SuspensionPoints.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>

namespace clang {
class ControlDependencyCalculator;
} // namespace clang

namespace clang::tidy::corolint::analysis {

/// A program point: element \p Index of \p Block. Executing the point means
/// evaluating that element.
struct ProgramPoint {
  const CFGBlock *Block = nullptr;
  unsigned Index = 0;
  explicit operator bool() const { return Block != nullptr; }
  bool operator==(const ProgramPoint &O) const {
    return Block == O.Block && Index == O.Index;
  }
  bool operator!=(const ProgramPoint &O) const { return !(*this == O); }
};

/// Whether a suspension point lies between two program points.
struct SuspensionBetween {
  enum Kind {
    None,        ///< no path from A to B passes a suspension point (or no
                 ///< path leads from A to B at all)
    OnSomePath,  ///< some path from A to B passes one, another does not
    OnEveryPath, ///< B is reachable from A, and only through one
  };
  Kind K = None;
  /// A suspension point on a path from A to B (the first in source order),
  /// for the note; nullptr when K is None.
  const SuspensionPoint *Witness = nullptr;
  explicit operator bool() const { return K != None; }
};

/// The CFG of one coroutine body with its suspension points mapped onto it.
class CoroutineCFG {
public:
  /// Builds the CFG of \p Coroutine (a function or a coroutine lambda's call
  /// operator). Dependent bodies and non-coroutines give an invalid graph.
  CoroutineCFG(const FunctionDecl &Coroutine, ASTContext &Ctx);
  /// Builds the CFG of any function body (a coroutine's user body, or the
  /// body of an ordinary function or lambda); dependent bodies still give an
  /// invalid graph.
  struct AnyBody {};
  CoroutineCFG(const FunctionDecl &Function, ASTContext &Ctx, AnyBody);
  ~CoroutineCFG();
  CoroutineCFG(const CoroutineCFG &) = delete;
  CoroutineCFG &operator=(const CoroutineCFG &) = delete;

  /// False when there was nothing to build (not a coroutine, a dependent
  /// body) or the CFG builder gave up; every query then answers "no".
  bool isValid() const { return Cfg != nullptr; }

  const FunctionDecl &coroutine() const { return Coroutine; }
  ASTContext &astContext() const { return Ctx; }
  /// The statements the user wrote (nullptr when not a coroutine).
  const Stmt *body() const { return Body; }
  const CFG &cfg() const { return *Cfg; }
  const ParentMap &parents() const { return *Parents; }

  /// The suspension points of the body in source order (see
  /// findSuspensionPoints), also when the graph is invalid.
  llvm::ArrayRef<SuspensionPoint> suspensionPoints() const {
    return Suspensions;
  }

  /// Where \p S is evaluated: its own element, or that of its nearest
  /// ancestor that is one (parentheses, a DeclStmt's sub-nodes). Empty for
  /// statements outside the body and for unreachable code the builder
  /// dropped.
  ProgramPoint pointOf(const Stmt &S) const;
  /// Where the local \p V is declared (its DeclStmt's element).
  ProgramPoint pointOf(const VarDecl &V) const;
  ProgramPoint pointOf(const SuspensionPoint &SP) const {
    return SP.E ? pointOf(*SP.E) : ProgramPoint{};
  }

  /// True when some CFG path leads from \p From (after evaluating it) to
  /// \p To. A point reaches itself only around a loop.
  bool reaches(ProgramPoint From, ProgramPoint To) const;

  /// Whether the paths from \p From to \p To pass a suspension point: the
  /// paths from one evaluation of \p From to the next evaluation of \p To
  /// (passing neither again in between; suspension points at \p From or
  /// \p To themselves do not count).
  SuspensionBetween suspensionBetween(ProgramPoint From, ProgramPoint To) const;

  /// The suspension points reached while local \p V is alive: on some path
  /// from its declaration to the end of its lifetime (the end of its scope,
  /// a jump out of it, or the end of the body), in source order. This is
  /// where an object declared by \p V (a lock guard, a borrowed reference)
  /// is held across a suspension. Empty for variables the CFG does not
  /// declare (parameters, statics).
  llvm::SmallVector<const SuspensionPoint *, 2>
  suspensionsWhileAlive(const VarDecl &V) const;

  /// True when evaluating \p P ends the lifetime of local \p V (a scope
  /// exit, or its destructor call).
  bool endsLifetimeOf(ProgramPoint P, const VarDecl &V) const;

  /// True when every path from \p From (after evaluating it) to the end of
  /// \p V's lifetime passes a point for which \p Gate is true. The end is a
  /// point that ends \p V's lifetime (endsLifetimeOf) or the end of the body
  /// (for a parameter, the only end). A path that ends in a throw does not
  /// reach the end (exceptional edges are not modelled). False when \p From
  /// is not on the graph.
  bool everyPathPassesBeforeEnd(
      ProgramPoint From, const VarDecl &V,
      llvm::function_ref<bool(ProgramPoint)> Gate) const;

  /// The branches that decide directly whether \p B runs: \p B
  /// post-dominates one of their successors but not the branch itself.
  /// (Not the iterated frontier, which also holds the branches around
  /// those.) Computed on first use.
  llvm::SmallVector<const CFGBlock *, 4>
  directControlDependencies(const CFGBlock &B) const;

  /// True when \p S is \p Scope or nested in it (by the parent map).
  bool isWithin(const Stmt &S, const Stmt &Scope) const;

private:
  void build(const FunctionDecl &Function);
  /// Walks the points reachable from \p From (exclusive) in path order.
  /// \p Visit returns true to continue past a point, false to stop the path
  /// there. Each point is visited at most once.
  template <class Fn> void forEachReachable(ProgramPoint From, Fn Visit) const;
  const SuspensionPoint *suspensionAt(ProgramPoint P) const;

  const FunctionDecl &Coroutine;
  ASTContext &Ctx;
  const Stmt *Body = nullptr;
  llvm::SmallVector<SuspensionPoint, 4> Suspensions;
  std::unique_ptr<CFG> Cfg;
  std::unique_ptr<ParentMap> Parents;
  llvm::DenseMap<const Stmt *, ProgramPoint> Stmts;
  llvm::DenseMap<const VarDecl *, ProgramPoint> Vars;
  /// Suspension index by the (block id, element) it sits at.
  llvm::DenseMap<std::pair<unsigned, unsigned>, unsigned> SuspensionElements;
  mutable std::unique_ptr<ControlDependencyCalculator> ControlDeps;
};

} // namespace clang::tidy::corolint::analysis

#endif
