//===----------------------------------------------------------------------===//
//
// Unit tests of analysis/SuspensionPoints.
//
//===----------------------------------------------------------------------===//

#include "CoroutineSnippet.h"

#include "analysis/SuspensionPoints.h"

using namespace clang;
using namespace clang::tidy::corolint::analysis;
using corolint_test::CoroutineSnippet;

namespace {

TEST(SuspensionPoints, ListsAwaitsOfTheBodyNotOfNestedLambdas) {
  CoroutineSnippet P(R"cpp(
mini::task<> f() {
  co_await mini::sleep(1);
  auto l = []() -> mini::task<> { co_await mini::sleep(2); };
  (void)l;
  int v = co_await mini_sync::fetch();
  (void)v;
}
)cpp");
  const FunctionDecl &F = P.function("f");
  auto Points = findSuspensionPoints(*F.getBody());
  ASSERT_EQ(Points.size(), 2u);
  EXPECT_EQ(P.line(Points[0].E), 3u);
  EXPECT_EQ(P.line(Points[1].E), 6u);
  EXPECT_EQ(Points[0].K, SuspensionPoint::Await);
  EXPECT_TRUE(isSuspensionPoint(*Points[0].E));
  EXPECT_NE(Points[1].operand(), nullptr);
}

} // namespace
