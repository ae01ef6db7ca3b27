//===----------------------------------------------------------------------===//
//
// Unit tests of TranslationUnitAnalysis: one set of facts per TU, shared,
// with the coroutines of the TU found one way.
//
//===----------------------------------------------------------------------===//

#include "analysis/TranslationUnitAnalysis.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

#include <set>

namespace clang::tidy::corolint::analysis {
namespace {

/// The tests' own task type (test/analysis/Inputs/task.h), so that the
/// coroutines of a TU are exactly the ones a test writes.
std::unique_ptr<ASTUnit> build(const std::string &Code) {
  std::vector<std::string> Args = {
      "-std=c++20", "-I" COROLINT_SOURCE_DIR "/test/analysis/Inputs",
      "-resource-dir=" COROLINT_RESOURCE_DIR};
  auto AST = tooling::buildASTFromCodeWithArgs("#include \"task.h\"\n" + Code,
                                               Args, "input.cpp");
  EXPECT_TRUE(AST);
  EXPECT_FALSE(AST->getDiagnostics().hasErrorOccurred());
  return AST;
}

std::shared_ptr<const RoleConfig> noConfig() { return nullptr; }

std::multiset<std::string> coroutineNames(TranslationUnitAnalysis &TU) {
  std::multiset<std::string> Names;
  for (const FunctionDecl *FD : TU.coroutines()) {
    const auto *MD = dyn_cast<CXXMethodDecl>(FD);
    if (MD && MD->getParent()->isLambda())
      Names.insert("lambda in " +
                   cast<NamedDecl>(MD->getParent()->getDeclContext())
                       ->getNameAsString());
    else
      Names.insert(FD->getQualifiedNameAsString());
  }
  return Names;
}

TEST(TranslationUnitAnalysis, FindsEveryCoroutineDefinitionOnce) {
  auto AST = build(R"(
    t::task<> plain() { co_return; }
    int not_a_coroutine() { return 0; }
    struct server {
      t::task<> handle() { co_await t::sleep(); }
    };
    template <class T> t::task<> generic() { co_return; }
    t::task<> user() {
      co_await generic<int>();
      co_await generic<long>();
      auto lambda = []() -> t::task<> { co_await t::sleep(); };
      co_await lambda();
      auto generic_lambda = [](auto x) -> t::task<> { co_await x; };
      co_await generic_lambda(t::sleep());
      auto ordinary = [] { return 1; };
      ordinary();
    }
    template <class T> t::task<> never_instantiated() { co_return; }
  )");
  TranslationUnitAnalysis TU(AST->getASTContext(), nullptr);
  EXPECT_EQ(coroutineNames(TU),
            (std::multiset<std::string>{
                "plain", "server::handle", "generic", "generic", "user",
                "lambda in user", "lambda in user"}));
}

TEST(TranslationUnitAnalysis, SystemHeaderCoroutinesAreNotTheUsers) {
  // A coroutine in a system header (the runtime's own) is skipped.
  auto AST = tooling::buildASTFromCodeWithArgs(
      "#include <system_runtime.h>\nt::task<> mine() { co_await t::sleep(); }\n",
      {"-std=c++20", "-isystem", COROLINT_SOURCE_DIR "/test/analysis/Inputs",
       "-resource-dir=" COROLINT_RESOURCE_DIR},
      "input.cpp");
  ASSERT_TRUE(AST);
  ASSERT_FALSE(AST->getDiagnostics().hasErrorOccurred());
  TranslationUnitAnalysis TU(AST->getASTContext(), nullptr);
  EXPECT_EQ(coroutineNames(TU), (std::multiset<std::string>{"mine"}));
}

TEST(TranslationUnitAnalysis, TraversalIsNarrowedToUserCode) {
  auto AST = tooling::buildASTFromCodeWithArgs(
      "#include <system_runtime.h>\nt::task<> mine() { co_await t::sleep(); }\n",
      {"-std=c++20", "-isystem", COROLINT_SOURCE_DIR "/test/analysis/Inputs",
       "-resource-dir=" COROLINT_RESOURCE_DIR},
      "input.cpp");
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  EXPECT_TRUE(restrictTraversalToUserCode(Ctx));
  std::vector<Decl *> Scope = Ctx.getTraversalScope();
  ASSERT_EQ(Scope.size(), 1u);
  EXPECT_EQ(cast<NamedDecl>(Scope[0])->getName(), "mine");
  // Idempotent: a second check asking again changes nothing.
  EXPECT_FALSE(restrictTraversalToUserCode(Ctx));
  // The parent map now covers the user's code: the body of `mine` has its
  // function as parent.
  const auto *Mine = cast<FunctionDecl>(Scope[0]);
  EXPECT_FALSE(Ctx.getParents(*Mine->getBody()).empty());
}

TEST(TranslationUnitAnalysis, ChecksOfOneTUShareOneAnalysis) {
  auto AST = build("t::task<> f() { co_return; }");
  ASTContext &Ctx = AST->getASTContext();
  unsigned Loads = 0;
  auto Load = [&] {
    ++Loads;
    return noConfig();
  };
  auto First = TranslationUnitAnalysis::shared(Ctx, "", Load);
  auto Second = TranslationUnitAnalysis::shared(Ctx, "", Load);
  EXPECT_EQ(First.get(), Second.get());
  EXPECT_EQ(Loads, 1u);
  // Another configuration is another set of roles.
  auto Other = TranslationUnitAnalysis::shared(Ctx, "other.yaml", Load);
  EXPECT_NE(First.get(), Other.get());
  EXPECT_EQ(Loads, 2u);
  // Once no check holds it, the next TU at the same address starts afresh.
  First.reset();
  Second.reset();
  auto Again = TranslationUnitAnalysis::shared(Ctx, "", Load);
  EXPECT_EQ(Loads, 3u);
}

TEST(TranslationUnitAnalysis, FactsAreMadeOnceAndDestroyedLastFirst) {
  auto AST = build("");
  std::vector<int> Destroyed;
  struct Probe {
    Probe(std::vector<int> &Log, int Id) : Log(Log), Id(Id) {}
    ~Probe() { Log.push_back(Id); }
    std::vector<int> &Log;
    int Id;
  };
  {
    TranslationUnitAnalysis TU(AST->getASTContext(), nullptr);
    unsigned Made = 0;
    auto Make = [&](int Id) {
      return [&, Id] {
        ++Made;
        return std::make_unique<Probe>(Destroyed, Id);
      };
    };
    Probe &A = TU.fact<Probe>("a", Make(1));
    Probe &B = TU.fact<Probe>("b", Make(2));
    EXPECT_EQ(&TU.fact<Probe>("a", Make(3)), &A);
    EXPECT_NE(&A, &B);
    EXPECT_EQ(Made, 2u);
  }
  EXPECT_EQ(Destroyed, (std::vector<int>{2, 1}));
}

TEST(TranslationUnitAnalysis, CallSitesAreIndexedOnce) {
  auto AST = build("void g(); void f() { g(); g(); }");
  TranslationUnitAnalysis TU(AST->getASTContext(), nullptr);
  const CallSiteIndex &Index = TU.callSites();
  EXPECT_EQ(&TU.callSites(), &Index);
}

} // namespace
} // namespace clang::tidy::corolint::analysis
