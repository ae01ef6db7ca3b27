//===----------------------------------------------------------------------===//
//
// Suspension points: where a coroutine body can give up its thread.
//
//===----------------------------------------------------------------------===//

#include "SuspensionPoints.h"

#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::corolint::analysis {

const Expr *SuspensionPoint::operand() const {
  if (const auto *S = dyn_cast_or_null<CoroutineSuspendExpr>(E))
    return S->getOperand();
  if (const auto *D = dyn_cast_or_null<DependentCoawaitExpr>(E))
    return D->getOperand();
  return nullptr;
}

bool isSuspensionPoint(const Stmt &S) {
  if (const auto *A = dyn_cast<CoawaitExpr>(&S))
    return !A->isImplicit();
  return isa<CoyieldExpr, DependentCoawaitExpr>(S);
}

namespace {
/// Collects suspension points in pre-order. Without implicit code the
/// visitor enters only the operand of a co_await/co_yield, never the
/// await_ready/await_suspend/await_resume calls the compiler built.
class SuspensionCollector : public RecursiveASTVisitor<SuspensionCollector> {
public:
  llvm::SmallVector<SuspensionPoint, 4> Points;

  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCoawaitExpr(CoawaitExpr *E) {
    if (!E->isImplicit())
      Points.push_back({E, SuspensionPoint::Await});
    return true;
  }
  bool VisitCoyieldExpr(CoyieldExpr *E) {
    Points.push_back({E, SuspensionPoint::Yield});
    return true;
  }
  bool VisitDependentCoawaitExpr(DependentCoawaitExpr *E) {
    Points.push_back({E, SuspensionPoint::DependentAwait});
    return true;
  }
};
} // namespace

llvm::SmallVector<SuspensionPoint, 4> findSuspensionPoints(const Stmt &Body) {
  SuspensionCollector Collector;
  Collector.TraverseStmt(const_cast<Stmt *>(&Body));
  return std::move(Collector.Points);
}

} // namespace clang::tidy::corolint::analysis
