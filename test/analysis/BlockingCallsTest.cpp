//===----------------------------------------------------------------------===//
//
// Unit tests of BlockingCalls: which calls wait, which descriptor calls
// cannot, and where a callable is handed.
//
//===----------------------------------------------------------------------===//

#include "analysis/BlockingCalls.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"

#include "CoroutinePrelude.h"

#include <gtest/gtest.h>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::corolint::analysis;

namespace {

constexpr const char *Posix = R"cpp(
extern "C" long write(int, const void *, unsigned long);
extern "C" long read(int, void *, unsigned long);
extern "C" long send(int, const void *, unsigned long, int);
using uint64 = unsigned long long;
)cpp";

struct Fixture {
  explicit Fixture(const std::string &Code)
      : AST(tooling::buildASTFromCodeWithArgs(
            std::string(corolint::test::CoroutinePrelude) + Posix + Code,
            {"-std=c++20"})),
        Roles(std::make_shared<RoleConfig>()), Classifier(Roles, Extra) {}

  /// For each call in function \p Name, in source order: does it block?
  std::vector<bool> blocking(const std::string &Name) {
    auto Found = match(
        functionDecl(hasName(Name), isDefinition(),
                     forEachDescendant(callExpr().bind("c"))),
        AST->getASTContext());
    std::vector<bool> Result;
    for (const auto &M : Found)
      Result.push_back(
          Classifier.classify(*M.getNodeAs<CallExpr>("c")).has_value());
    return Result;
  }

  std::unique_ptr<ASTUnit> AST;
  RoleLookup Roles;
  llvm::StringSet<> Extra;
  BlockingClassifier Classifier;
};

TEST(BlockingCalls, AWakeUpWriteOfOneSmallValueDoesNotWait) {
  Fixture F(R"cpp(
    void wake(int efd, int pipe_fd) {
      uint64 one = 1;
      write(efd, &one, sizeof one);
      write(pipe_fd, "x", 1);
      char c = 'c';
      send(pipe_fd, &c, sizeof c, 0);
    }
  )cpp");
  EXPECT_EQ(F.blocking("wake"), (std::vector<bool>{false, false, false}));
}

TEST(BlockingCalls, DataWritesAndReadsOfAnySizeWait) {
  Fixture F(R"cpp(
    void io(int fd, const char *data, unsigned long n) {
      write(fd, data, n);       // a buffer of runtime size
      char block[64] = {};
      write(fd, &block, sizeof block); // more than 8 bytes
      write(fd, "0123456789", 10);     // a literal longer than 8 bytes
      char c;
      read(fd, &c, 1);                 // reads wait for data
    }
  )cpp");
  EXPECT_EQ(F.blocking("io"), (std::vector<bool>{true, true, true, true}));
}

TEST(BlockingCalls, CallTakingCallableSeesThroughCopiesAndMoves) {
  Fixture F(R"cpp(
    namespace std { template <class T> T &&move(T &t) { return (T &&)t; } }
    template <class F> void take(F) {}
    void hands() {
      take([] {});
      auto named = [] {};
      take(std::move(named));
      auto kept = [] {};
      (void)kept;
    }
  )cpp");
  ASTContext &Ctx = F.AST->getASTContext();
  auto Lambdas = match(lambdaExpr().bind("l"), Ctx);
  ASSERT_EQ(Lambdas.size(), 3u);
  const Expr *First = callTakingCallable(*Lambdas[0].getNodeAs<Expr>("l"), Ctx);
  ASSERT_NE(First, nullptr);
  EXPECT_EQ(directCallee(*First)->getName(), "take");
  // A lambda that initialises a variable is not itself an argument.
  EXPECT_EQ(callTakingCallable(*Lambdas[1].getNodeAs<Expr>("l"), Ctx), nullptr);
  auto Moved = match(
      callExpr(callee(functionDecl(hasName("take"))),
               hasArgument(0, expr(hasDescendant(declRefExpr(
                                  to(varDecl(hasName("named"))))))
                                  .bind("arg"))),
      Ctx);
  ASSERT_EQ(Moved.size(), 1u);
  const auto *Ref = match(declRefExpr(to(varDecl(hasName("named")))).bind("r"),
                          Ctx)
                        .front()
                        .getNodeAs<Expr>("r");
  EXPECT_NE(callTakingCallable(*Ref, Ctx), nullptr);
}

} // namespace
