//===----------------------------------------------------------------------===//
//
// Unit tests of analysis/ExceptionSinks: what unhandled_exception() does
// with the exception, ignored exception_ptr parameters, handles that are
// only cancelled.
//
//===----------------------------------------------------------------------===//

#include "analysis/ExceptionSinks.h"

#include "CoroutineSnippet.h"

#include <gtest/gtest.h>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::corolint::analysis;
using corolint_test::CoroutineSnippet;

namespace {

/// The fate of the exception in `promise::unhandled_exception` in \p Code.
ExceptionFate fate(llvm::StringRef Body) {
  CoroutineSnippet S("#include <cstdio>\nvoid opaque();\nstruct promise {\n"
                     "  std::exception_ptr e;\n  bool failed = false;\n"
                     "  void keep() { e = std::current_exception(); }\n"
                     "  void unhandled_exception() " +
                     Body.str() + "\n};");
  auto Found = match(
      cxxMethodDecl(hasName("unhandled_exception"), isDefinition(),
                    ofClass(hasName("::promise")))
          .bind("m"),
      S.ctx());
  EXPECT_EQ(Found.size(), 1u);
  return unhandledExceptionFate(*Found[0].getNodeAs<FunctionDecl>("m"));
}

TEST(ExceptionSinks, UnhandledExceptionFates) {
  EXPECT_EQ(fate("{}"), ExceptionFate::Lost);
  EXPECT_EQ(fate("{ std::puts(\"x\"); failed = true; }"), ExceptionFate::Lost);
  EXPECT_EQ(fate("{ e = std::current_exception(); }"), ExceptionFate::Kept);
  EXPECT_EQ(fate("{ keep(); }"), ExceptionFate::Kept);
  EXPECT_EQ(fate("{ throw; }"), ExceptionFate::Rethrown);
  EXPECT_EQ(fate("{ std::terminate(); }"), ExceptionFate::Terminates);
  EXPECT_EQ(fate("{ opaque(); }"), ExceptionFate::Unknown);
}

TEST(ExceptionSinks, ExceptionPtrParametersTestedForTruthAreIgnored) {
  CoroutineSnippet S(R"(
    void log(const char *);
    void keep(std::exception_ptr);
    void unnamed(std::exception_ptr) {}
    void tested(std::exception_ptr e) { if (e) log("x"); if (!e) log("y"); }
    void kept(std::exception_ptr e) { keep(e); }
  )");
  auto Ignored = [&](llvm::StringRef Name) {
    const FunctionDecl &F = S.function(Name);
    EXPECT_TRUE(isExceptionPtrType(F.getParamDecl(0)->getType()));
    return isExceptionPtrIgnored(*F.getParamDecl(0), F, S.ctx());
  };
  EXPECT_TRUE(Ignored("unnamed"));
  EXPECT_TRUE(Ignored("tested"));
  EXPECT_FALSE(Ignored("kept"));
}

TEST(ExceptionSinks, AHandleOnlyCancelled) {
  CoroutineSnippet S(R"(
    mini::task<int> g();
    void only() { auto h = mini::spawn(g()); h.cancel(); }
    mini::task<> awaited() { auto h = mini::spawn(g()); h.cancel(); co_await h; }
    void unused() { auto h = mini::spawn(g()); }
  )");
  auto Cancelled = [&](llvm::StringRef Name) {
    const FunctionDecl &F = S.function(Name);
    const Stmt *Body = F.getBody();
    if (const auto *Coroutine = dyn_cast<CoroutineBodyStmt>(Body))
      Body = Coroutine->getBody();
    return onlyCancelled(S.local(F, "h"), *Body, S.ctx()) != nullptr;
  };
  EXPECT_TRUE(Cancelled("only"));
  EXPECT_FALSE(Cancelled("awaited"));
  EXPECT_FALSE(Cancelled("unused"));
}

} // namespace
