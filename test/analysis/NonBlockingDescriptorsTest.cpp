//===----------------------------------------------------------------------===//
//
// Unit tests of NonBlockingDescriptors on in-memory ASTs.
//
//===----------------------------------------------------------------------===//

#include "analysis/NonBlockingDescriptors.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"

#include "CoroutinePrelude.h"

#include <gtest/gtest.h>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::corolint::analysis;

namespace {

/// The POSIX pieces the analysis reads, declared as glibc does (SOCK_* and
/// MSG_* as enumerators, O_* and F_* as macros), and a coroutine vocabulary.
constexpr const char *Prelude = R"cpp(
enum socket_type { SOCK_STREAM = 1, SOCK_NONBLOCK = 04000 };
#define O_NONBLOCK_VALUE 04000
#define O_NONBLOCK O_NONBLOCK_VALUE
#define F_GETFL 3
#define F_SETFL 4
extern "C" int socket(int, int, int);
extern "C" int fcntl(int, int, ...);
extern "C" long recv(int, void *, unsigned long, int);
std::suspend_always poll(int fd);
)cpp";

struct Parsed {
  explicit Parsed(const std::string &Code)
      : AST(tooling::buildASTFromCodeWithArgs(std::string(corolint::test::CoroutinePrelude) + Prelude + Code,
                                              {"-std=c++20"})) {}

  /// The first argument of the \p N-th call to `recv` (0-based).
  const CallExpr *recvCall(unsigned N = 0) {
    auto Found = match(
        callExpr(callee(functionDecl(hasName("recv")))).bind("c"), context());
    return N < Found.size() ? Found[N].getNodeAs<CallExpr>("c") : nullptr;
  }
  const Expr *initOf(const std::string &Var) {
    auto Found = match(varDecl(hasName(Var)).bind("v"), context());
    return Found.empty() ? nullptr
                         : Found.front().getNodeAs<VarDecl>("v")->getInit();
  }
  ASTContext &context() { return AST->getASTContext(); }

  std::unique_ptr<ASTUnit> AST;
};

std::optional<NonBlockingReason> reasonFor(Parsed &P, unsigned N = 0) {
  const CallExpr *Call = P.recvCall(N);
  if (!Call)
    return std::nullopt;
  NonBlockingDescriptors D(P.context());
  auto E = D.evidenceFor(*Call->getArg(0), *Call);
  if (!E)
    return std::nullopt;
  return E->Reason;
}

TEST(AccessPath, AccessorsStandForTheirFieldAndPrefixesNameOwners) {
  Parsed P(R"cpp(
    struct sock { int fd; int handle() const { return fd; } int opaque() const; };
    struct conn { sock s; };
    void f(conn &c) {
      int a = c.s.handle();
      int b = c.s.fd;
      int d = c.s.opaque();
      conn &e = c;
    }
  )cpp");
  auto A = accessPathOf(P.initOf("a"));
  auto B = accessPathOf(P.initOf("b"));
  auto D = accessPathOf(P.initOf("d"));
  auto Owner = accessPathOf(P.initOf("e"));
  ASSERT_TRUE(A && B && D && Owner);
  EXPECT_EQ(*A, *B) << "handle() returns fd: the same path";
  EXPECT_EQ(A->Steps.size(), 2u);
  EXPECT_FALSE(A->rootIsThis());
  EXPECT_EQ(D->Steps.size(), 2u) << "an opaque accessor is kept as a step";
  EXPECT_FALSE(*D == *A);
  EXPECT_TRUE(Owner->isPrefixOf(*A));
  EXPECT_FALSE(A->isPrefixOf(*Owner));
}

TEST(AccessPath, CallResultsAndArithmeticAreNotPaths) {
  Parsed P(R"cpp(
    int make();
    void f(int x) { int a = make(); int b = x + 1; int c = x; }
  )cpp");
  EXPECT_FALSE(accessPathOf(P.initOf("a")));
  EXPECT_FALSE(accessPathOf(P.initOf("b")));
  EXPECT_TRUE(accessPathOf(P.initOf("c")));
}

TEST(MentionsConstant, EnumeratorsAndMacrosButNotComplements) {
  Parsed P(R"cpp(
    void f(int flags) {
      int a = SOCK_STREAM | SOCK_NONBLOCK;
      int b = flags | O_NONBLOCK;
      int c = flags & ~O_NONBLOCK;
      int d = 04000;
    }
  )cpp");
  ASTContext &Ctx = P.context();
  EXPECT_TRUE(mentionsConstant(P.initOf("a"), "SOCK_NONBLOCK", Ctx));
  EXPECT_TRUE(mentionsConstant(P.initOf("b"), "O_NONBLOCK", Ctx))
      << "through the nested macro O_NONBLOCK -> O_NONBLOCK_VALUE";
  EXPECT_FALSE(mentionsConstant(P.initOf("c"), "O_NONBLOCK", Ctx));
  EXPECT_FALSE(mentionsConstant(P.initOf("d"), "O_NONBLOCK", Ctx))
      << "the same value, not the constant";
}

TEST(NonBlockingDescriptors, ProducedWithANonBlockingFlag) {
  Parsed P(R"cpp(
    void f(char *b) {
      int fd = ::socket(2, SOCK_STREAM | SOCK_NONBLOCK, 0);
      recv(fd, b, 1, 0);
      int plain = ::socket(2, SOCK_STREAM, 0);
      recv(plain, b, 1, 0);
    }
  )cpp");
  EXPECT_EQ(reasonFor(P, 0), NonBlockingReason::OpenedNonBlocking);
  EXPECT_EQ(reasonFor(P, 1), std::nullopt);
}

TEST(NonBlockingDescriptors, MemberSetNonBlockingAnywhereInTheUnit) {
  Parsed P(R"cpp(
    struct conn {
      int fd;
      void nb() { int fl = fcntl(fd, F_GETFL); fl |= O_NONBLOCK; fcntl(fd, F_SETFL, fl); }
    };
    struct other {
      int fd;
      void blocking() { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK); }
    };
    void use(conn &c, other &o, char *b) { recv(c.fd, b, 1, 0); recv(o.fd, b, 1, 0); }
  )cpp");
  EXPECT_EQ(reasonFor(P, 0), NonBlockingReason::SetNonBlocking);
  EXPECT_EQ(reasonFor(P, 1), std::nullopt)
      << "another class's member, and its flag is cleared";
}

TEST(NonBlockingDescriptors, ReadinessAwaitedOnTheSameDescriptor) {
  Parsed P(R"cpp(
    task before(int fd, char *b) { co_await poll(fd); recv(fd, b, 1, 0); }
    task after(int fd, char *b) { recv(fd, b, 1, 0); co_await poll(fd); }
    task looped(int fd, char *b) {
      for (;;) { recv(fd, b, 1, 0); co_await poll(fd); }
    }
    task other(int fd, int x, char *b) { co_await poll(x); recv(fd, b, 1, 0); }
  )cpp");
  EXPECT_EQ(reasonFor(P, 0), NonBlockingReason::ReadinessAwaited);
  EXPECT_EQ(reasonFor(P, 1), NonBlockingReason::ReadinessAwaited)
      << "try first, await readiness after: written for non-blocking";
  EXPECT_EQ(reasonFor(P, 2), NonBlockingReason::ReadinessAwaited);
  EXPECT_EQ(reasonFor(P, 3), std::nullopt) << "another descriptor";
}

TEST(NonBlockingDescriptors, ReadinessThroughMemberCallsOnTheSameObject) {
  Parsed P(R"cpp(
    struct sock { int fd; int handle() const { return fd; } };
    struct client {
      sock s;
      sock other;
      std::suspend_always wait_readable() { return poll(s.handle()); }
      long take(char *b) { return recv(s.handle(), b, 1, 0); }
      long take_other(char *b) { return recv(other.handle(), b, 1, 0); }
      task read(char *b) { co_await wait_readable(); take(b); take_other(b); }
    };
  )cpp");
  auto Calls = match(
      cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName("take", "take_other"))),
                        hasAncestor(functionDecl(hasName("read"))))
          .bind("c"),
      P.context());
  ASSERT_EQ(Calls.size(), 2u);
  NonBlockingDescriptors D(P.context());
  const CallExpr *Take = Calls[0].getNodeAs<CallExpr>("c");
  const CallExpr *TakeOther = Calls[1].getNodeAs<CallExpr>("c");
  ASSERT_NE(P.recvCall(0), nullptr);
  const Expr *Fd = P.recvCall(0)->getArg(0);
  const Expr *OtherFd = P.recvCall(1)->getArg(0);
  const Expr *TakeSite = Take;
  const Expr *TakeOtherSite = TakeOther;
  EXPECT_TRUE(D.evidenceThrough({TakeSite}, *Fd))
      << "wait_readable() polls s, take() reads s";
  EXPECT_FALSE(D.evidenceThrough({TakeOtherSite}, *OtherFd))
      << "the awaited socket is s, the one read is other";
}

TEST(NonBlockingDescriptors, AMemberObjectWhoseReadinessTheClassOffers) {
  Parsed P(R"cpp(
    struct sock {
      int fd;
      int handle() const { return fd; }
      std::suspend_always readable() { return poll(fd); } // offered for all
    };
    struct server {
      sock listening;
      sock log;
      std::suspend_always wait() { return poll(listening.handle()); }
      task accept_one(char *b) { recv(listening.handle(), b, 1, 0); co_return; }
      task write_log(char *b) { recv(log.handle(), b, 1, 0); co_return; }
    };
  )cpp");
  // `listening` is awaited through server::wait(): callers await it first.
  EXPECT_EQ(reasonFor(P, 0), NonBlockingReason::ReadinessAwaited);
  // sock::readable() polls the raw fd of every socket: no evidence for `log`.
  EXPECT_EQ(reasonFor(P, 1), std::nullopt);
}

TEST(ValueMentionsConstant, FollowsAssignmentsToTheVariablePassed) {
  Parsed P(R"cpp(
    void f(int flags, int other) { flags |= O_NONBLOCK; int a = flags; int c = other; }
  )cpp");
  auto Found = match(functionDecl(hasName("f")).bind("f"), P.context());
  const Stmt *Body = Found.front().getNodeAs<FunctionDecl>("f")->getBody();
  EXPECT_TRUE(
      valueMentionsConstant(P.initOf("a"), "O_NONBLOCK", Body, P.context()));
  EXPECT_FALSE(
      valueMentionsConstant(P.initOf("c"), "O_NONBLOCK", Body, P.context()));
}

} // namespace
