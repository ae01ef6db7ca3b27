//===----------------------------------------------------------------------===//
//
// Unit tests of ExceptionEscape: where an exception can leave a coroutine,
// and lambdas handed to functions that expect them to throw.
//
//===----------------------------------------------------------------------===//

#include "CoroutineSnippet.h"

#include "analysis/ExceptionEscape.h"

#include "clang/Basic/SourceManager.h"

namespace clang::tidy::corolint::analysis {
namespace {

using corolint_test::CoroutineSnippet;

/// The line of the first escaping point of coroutine \p Name; 0 for none.
unsigned escapeLine(CoroutineSnippet &S, llvm::StringRef Name) {
  const Stmt *Point = firstEscapingThrowPoint(S.function(Name));
  if (!Point)
    return 0;
  // The snippet starts on line 2 (line 1 includes mini.h).
  return S.ctx().getSourceManager().getPresumedLineNumber(Point->getBeginLoc()) - 1;
}

TEST(ExceptionEscapeTest, AwaitsThrowsAndThrowingCallsEscape) {
  CoroutineSnippet S(R"(#include <stdexcept>
mini::task<int> compute();
void quiet();
void loud() { throw std::runtime_error("x"); }
mini::task<> awaits() { quiet(); co_await compute(); }
mini::task<> throws() { quiet(); throw 1; co_return; }
mini::task<> calls_loud() { loud(); co_return; }
mini::task<> calls_quiet() { quiet(); co_return; }
)");
  EXPECT_EQ(escapeLine(S, "awaits"), 5u);
  EXPECT_EQ(escapeLine(S, "throws"), 6u);
  EXPECT_EQ(escapeLine(S, "calls_loud"), 7u);
  EXPECT_EQ(escapeLine(S, "calls_quiet"), 0u)
      << "a function whose body is not visible is taken not to throw";
}

TEST(ExceptionEscapeTest, OnlyCatchAllAndStdExceptionCatchEverything) {
  CoroutineSnippet S(R"(#include <stdexcept>
mini::task<int> compute();
void log();
mini::task<> all() { try { co_await compute(); } catch (...) { log(); } }
mini::task<> std_exception() {
  try { co_await compute(); } catch (const std::exception &) { log(); } }
mini::task<> catches_narrowly() {
  try { co_await compute(); } catch (const std::runtime_error &) {} }
mini::task<> rethrows() {
  try { co_await compute(); } catch (...) {
    throw; } }
)");
  EXPECT_EQ(escapeLine(S, "all"), 0u);
  EXPECT_EQ(escapeLine(S, "std_exception"), 0u);
  EXPECT_EQ(escapeLine(S, "catches_narrowly"), 8u);
  EXPECT_EQ(escapeLine(S, "rethrows"), 11u);
}

TEST(ExceptionEscapeTest, TagsErrorValuesAndNoexceptResumesDoNotThrow) {
  CoroutineSnippet S(R"(#include <system_error>
#include <tuple>
struct tag_t {};
struct tag_awaiter { bool await_ready(); void await_suspend(std::coroutine_handle<>); int await_resume(); };
tag_awaiter operator co_await(tag_t);
inline constexpr tag_t tag{};
struct ec_awaiter { bool await_ready(); void await_suspend(std::coroutine_handle<>);
  std::tuple<std::error_code, int> await_resume(); };
ec_awaiter read_some();
mini::task<> awaits_values() {
  int x = co_await tag;
  auto [ec, n] = co_await read_some();
}
mini::task<> awaits_a_sleep() { co_await mini::sleep(1); }
)");
  EXPECT_EQ(escapeLine(S, "awaits_values"), 0u);
  EXPECT_EQ(escapeLine(S, "awaits_a_sleep"), 0u)
      << "the awaiter's await_resume is noexcept";
}

TEST(ExceptionEscapeTest, LambdasHandedToAnExpectingFunction) {
  CoroutineSnippet S(R"(#include <stdexcept>
mini::task<int> compute(int);
template <class E, class F> void expect_throw(F &&f) {
  try { f(); } catch (const E &) { return; } catch (...) {}
}
template <class F> void swallow(F f) { try { f(); } catch (...) {} }
void probe() {
  expect_throw<std::invalid_argument>([] { compute(-1); });
  swallow([] { compute(1); });
}
)");
  using namespace clang::ast_matchers;
  auto Lambdas = match(
      functionDecl(hasName("probe"),
                   forEachDescendant(lambdaExpr().bind("l"))),
      S.ctx());
  ASSERT_EQ(Lambdas.size(), 2u);
  const auto *Expected = Lambdas[0].getNodeAs<LambdaExpr>("l");
  const auto *Swallowed = Lambdas[1].getNodeAs<LambdaExpr>("l");
  if (S.ctx().getSourceManager().isBeforeInTranslationUnit(
          Swallowed->getBeginLoc(), Expected->getBeginLoc()))
    std::swap(Expected, Swallowed);
  EXPECT_TRUE(isCalledExpectingException(*Expected, S.ctx()));
  EXPECT_FALSE(isCalledExpectingException(*Swallowed, S.ctx()));

  auto Calls = match(callExpr(callee(functionDecl(hasName("compute"))),
                              hasAncestor(lambdaExpr()))
                         .bind("c"),
                     S.ctx());
  ASSERT_FALSE(Calls.empty());
  EXPECT_NE(enclosingLambda(*Calls[0].getNodeAs<CallExpr>("c"), S.ctx()),
            nullptr);
}

} // namespace
} // namespace clang::tidy::corolint::analysis
