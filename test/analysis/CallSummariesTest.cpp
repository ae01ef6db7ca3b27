//===----------------------------------------------------------------------===//
//
// Unit tests of BlockingCalls and CallSummaries on in-memory ASTs.
//
//===----------------------------------------------------------------------===//

#include "analysis/BlockingCalls.h"
#include "analysis/CallSummaries.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"

#include "CoroutinePrelude.h"

#include <gtest/gtest.h>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::corolint::analysis;

namespace {

/// A translation unit with a self-contained coroutine vocabulary and a few
/// blocking functions (no system headers needed).
constexpr const char *Prelude = R"cpp(
extern "C" unsigned sleep(unsigned);
[[clang::annotate("corolint::runner")]] void run(task);
void configured_block();
)cpp";

struct Fixture {
  explicit Fixture(const std::string &Code)
      : AST(tooling::buildASTFromCodeWithArgs(std::string(corolint::test::CoroutinePrelude) + Prelude + Code,
                                              {"-std=c++20"})),
        Roles(std::make_shared<RoleConfig>()), Extra{"configured_block"},
        Classifier(Roles, Extra), Summaries(AST->getASTContext(), Classifier) {
  }

  const FunctionDecl *function(const std::string &Name) {
    auto Found = match(functionDecl(hasName(Name), isDefinition()).bind("f"),
                       AST->getASTContext());
    return Found.empty() ? nullptr
                         : Found.front().getNodeAs<FunctionDecl>("f");
  }

  std::unique_ptr<ASTUnit> AST;
  RoleLookup Roles;
  llvm::StringSet<> Extra;
  BlockingClassifier Classifier;
  CallSummaries Summaries;
};

std::vector<std::string> chain(const MayBlockSummary &S) {
  std::vector<std::string> Names;
  for (const CallHop &Hop : S.Hops)
    Names.push_back(Hop.Callee->getNameAsString());
  Names.push_back(S.Leaf.Name);
  return Names;
}

TEST(CallSummaries, FindsTheShortestChainToABlockingCall) {
  Fixture F(R"cpp(
    void leaf() { sleep(1); }
    void middle() { leaf(); }
    void top() { int x = 0; (void)x; middle(); leaf(); }
  )cpp");
  const MayBlockSummary *S = F.Summaries.mayBlock(F.function("top"));
  ASSERT_NE(S, nullptr);
  EXPECT_EQ(chain(*S), (std::vector<std::string>{"leaf", "sleep"}));
  EXPECT_EQ(S->Leaf.Kind, BlockingKind::Blocks);
}

TEST(CallSummaries, HandlesMutualRecursion) {
  Fixture F(R"cpp(
    void b(int);
    void a(int n) { if (n) b(n - 1); }
    void b(int n) { a(n); configured_block(); }
    void c(int n) { if (n) c(n - 1); }
  )cpp");
  const MayBlockSummary *S = F.Summaries.mayBlock(F.function("a"));
  ASSERT_NE(S, nullptr);
  EXPECT_EQ(chain(*S), (std::vector<std::string>{"b", "configured_block"}));
  EXPECT_EQ(S->Leaf.Source, BlockingSource::Configured);
  EXPECT_EQ(F.Summaries.mayBlock(F.function("c")), nullptr);
  // b was memoised on the way: asking again searches nothing new.
  unsigned Searches = F.Summaries.stats().Searches;
  ASSERT_NE(F.Summaries.mayBlock(F.function("b")), nullptr);
  EXPECT_EQ(F.Summaries.stats().Searches, Searches);
}

TEST(CallSummaries, DoesNotFollowCoroutinesButSeesRunners) {
  Fixture F(R"cpp(
    task lazy() { sleep(1); co_return; }
    void makes_a_task() { (void)lazy(); }
    void drives() { run(lazy()); }
  )cpp");
  EXPECT_EQ(F.Summaries.mayBlock(F.function("makes_a_task")), nullptr);
  EXPECT_EQ(F.Summaries.mayBlock(F.function("lazy")), nullptr)
      << "a coroutine is not followable";
  const MayBlockSummary *S = F.Summaries.mayBlock(F.function("drives"));
  ASSERT_NE(S, nullptr);
  EXPECT_EQ(S->Leaf.Kind, BlockingKind::RunsLoop);
}

TEST(CallSummaries, NegativeResultsAreMemoisedForTheWholeReachableSet) {
  Fixture F(R"cpp(
    void x();
    void y() { x(); }
    void x() { y(); }
    void z() { x(); }
  )cpp");
  EXPECT_EQ(F.Summaries.mayBlock(F.function("z")), nullptr);
  unsigned Bodies = F.Summaries.stats().BodiesScanned;
  EXPECT_EQ(Bodies, 3u);
  EXPECT_EQ(F.Summaries.mayBlock(F.function("x")), nullptr);
  EXPECT_EQ(F.Summaries.mayBlock(F.function("y")), nullptr);
  EXPECT_EQ(F.Summaries.stats().BodiesScanned, Bodies);
  EXPECT_EQ(F.Summaries.stats().Searches, 1u);
}

} // namespace
