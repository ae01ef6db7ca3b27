//===----------------------------------------------------------------------===//
//
// Unit tests of analysis/CoroutineBodies: awaitable kinds, how tasks start,
// wrappers and the calls that produce a new value.
//
//===----------------------------------------------------------------------===//

#include "analysis/CoroutineBodies.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

#include <map>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::corolint::analysis;

namespace {

/// A parsed snippet, with the fixtures' mock runtime (mini.h) included.
struct Parsed {
  std::unique_ptr<ASTUnit> AST;

  explicit Parsed(llvm::StringRef Code) {
    AST = tooling::buildASTFromCodeWithArgs(
        "#include \"mini.h\"\n" + Code.str(),
        {"-std=c++20", "-I" COROLINT_SOURCE_DIR "/test/checks/Inputs",
         "-resource-dir=" COROLINT_RESOURCE_DIR},
        "input.cpp");
  }

  ASTContext &ctx() { return AST->getASTContext(); }

  /// The type named by `using Name = ...;` in the snippet.
  QualType alias(llvm::StringRef Name) {
    auto Matches =
        match(typeAliasDecl(hasName(Name)).bind("a"), ctx());
    if (Matches.size() != 1u) {
      ADD_FAILURE() << "expected one alias " << Name.str();
      return {};
    }
    return Matches[0].getNodeAs<TypeAliasDecl>("a")->getUnderlyingType();
  }

  /// The initialiser of the variable \p Name.
  const Expr *init(llvm::StringRef Name) {
    auto Matches = match(varDecl(hasName(Name)).bind("v"), ctx());
    if (Matches.size() != 1u) {
      ADD_FAILURE() << "expected one variable " << Name.str();
      return nullptr;
    }
    return Matches[0].getNodeAs<VarDecl>("v")->getInit();
  }

  std::string callee(const CallExpr *Call) {
    const FunctionDecl *FD = Call->getDirectCallee();
    return FD ? FD->getNameAsString() : "<indirect>";
  }
};

TEST(AwaitableKind, RecognisesTasksAwaitersAndAwaitables) {
  Parsed P(R"cpp(
struct with_operator {};
inline mini::sleep_awaiter operator co_await(with_operator) { return {}; }
using Task = mini::task<int>;
using TaskRef = const mini::task<> &;
using Awaiter = mini::sleep_awaiter;
using Awaitable = with_operator;
using Plain = int;
using Pointer = mini::task<> *;
)cpp");
  ASTContext &C = P.ctx();
  EXPECT_EQ(awaitableKind(P.alias("Task"), C), AwaitableKind::Task);
  EXPECT_EQ(awaitableKind(P.alias("TaskRef"), C), AwaitableKind::Task);
  EXPECT_EQ(awaitableKind(P.alias("Awaiter"), C), AwaitableKind::Awaiter);
  EXPECT_EQ(awaitableKind(P.alias("Awaitable"), C), AwaitableKind::Awaitable);
  EXPECT_EQ(awaitableKind(P.alias("Plain"), C), AwaitableKind::None);
  EXPECT_EQ(awaitableKind(P.alias("Pointer"), C), AwaitableKind::None);
}

TEST(TaskStart, ReadsTheInitialSuspendOfThePromise) {
  Parsed P(R"cpp(
using Lazy = mini::task<int>;
using LazyVoid = mini::task<>;
using Eager = mini::eager_task;
)cpp");
  EXPECT_EQ(taskStart(P.alias("Lazy"), P.ctx()), TaskStart::Lazy);
  EXPECT_EQ(taskStart(P.alias("LazyVoid"), P.ctx()), TaskStart::Lazy);
  EXPECT_EQ(taskStart(P.alias("Eager"), P.ctx()), TaskStart::Eager);
}

TEST(TaskStart, ReadsPatternsBasesAndAliasesOfThePromise) {
  Parsed P(R"cpp(
// `auto` in a template that is never instantiated: the returned expression.
template <class T> struct deduced {
  struct promise_type {
    deduced get_return_object() { return {}; }
    auto initial_suspend() noexcept { return std::suspend_always{}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
deduced<int> make_deduced();
using Deduced = deduced<int>;

// The promise is an alias of a template; initial_suspend is in its base.
struct eager_base { std::suspend_never initial_suspend() noexcept { return {}; } };
template <class T> struct promise_of : eager_base {};
template <class T> struct aliased {
  using promise_type = promise_of<T>;
};
using Aliased = aliased<long>;
)cpp");
  EXPECT_EQ(taskStart(P.alias("Deduced"), P.ctx()), TaskStart::Lazy);
  EXPECT_EQ(taskStart(P.alias("Aliased"), P.ctx()), TaskStart::Eager);
}

TEST(TaskStart, FuturesAreEagerAndAwaitersLazy) {
  Parsed P(R"cpp(
using Future = mini::future<int>;
using Awaiter = mini::sleep_awaiter;
// A lazy task with a `get` member: its promise decides.
struct lazy_with_get {
  struct promise_type {
    lazy_with_get get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  int get();
};
using LazyWithGet = lazy_with_get;
)cpp");
  EXPECT_EQ(taskStart(P.alias("Future"), P.ctx()), TaskStart::Eager);
  EXPECT_EQ(taskStart(P.alias("Awaiter"), P.ctx()), TaskStart::Lazy);
  EXPECT_EQ(taskStart(P.alias("LazyWithGet"), P.ctx()), TaskStart::Lazy);
}

TEST(TaskStart, UnknownWhenTheStructureDoesNotSay) {
  Parsed P(R"cpp(
// The initial awaiter schedules the coroutine somewhere.
struct scheduling {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) const noexcept { post(h); }
  void await_resume() const noexcept {}
  static void post(std::coroutine_handle<>);
};
struct scheduled {
  struct promise_type { scheduling initial_suspend() noexcept; };
};
// initial_suspend declared without a visible return type.
struct opaque {
  struct promise_type { auto initial_suspend() noexcept; };
};
// A promise defined elsewhere.
struct elsewhere { struct promise_type; };
using Scheduled = scheduled;
using Opaque = opaque;
using Elsewhere = elsewhere;
using Plain = int;
)cpp");
  EXPECT_EQ(taskStart(P.alias("Scheduled"), P.ctx()), TaskStart::Unknown);
  EXPECT_EQ(taskStart(P.alias("Opaque"), P.ctx()), TaskStart::Unknown);
  EXPECT_EQ(taskStart(P.alias("Elsewhere"), P.ctx()), TaskStart::Unknown);
  EXPECT_EQ(taskStart(P.alias("Plain"), P.ctx()), TaskStart::Unknown);
}

TEST(ProducingCalls, OnlyNewValuesThroughWrappersAndBranches) {
  Parsed P(R"cpp(
mini::task<> make();
mini::task<> kept;
mini::task<> &stored();
void f(bool ok, mini::task_list &list) {
  auto direct = make();
  auto branches = ok ? make() : make();
  auto one_branch = ok ? make() : kept;
  auto comma = (ok, make());
  auto copy_of_stored = stored();
  auto &ref = list.front();
  auto moved = static_cast<mini::task<> &&>(kept);
}
)cpp");
  auto Names = [&](llvm::StringRef Var) {
    std::vector<std::string> Out;
    for (const CallExpr *Call : producingCalls(P.init(Var)))
      Out.push_back(P.callee(Call));
    return Out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(Names("direct"), V{"make"});
  EXPECT_EQ(Names("branches"), (V{"make", "make"}));
  EXPECT_EQ(Names("one_branch"), V{"make"});
  EXPECT_EQ(Names("comma"), V{"make"});
  EXPECT_EQ(Names("copy_of_stored"), V{}); // a copy of a kept task
  EXPECT_EQ(Names("ref"), V{});            // a reference to a kept task
  EXPECT_EQ(Names("moved"), V{});          // not a call
}

TEST(Wrappers, IgnoreAndOutermostAreInverses) {
  Parsed P(R"cpp(
mini::task<> make();
void consume(mini::task<>);
void f() { consume((make())); }
)cpp");
  auto Matches = match(
      callExpr(callee(functionDecl(hasName("make")))).bind("c"), P.ctx());
  ASSERT_EQ(Matches.size(), 1u);
  const auto *Make = Matches[0].getNodeAs<CallExpr>("c");
  const Expr &Outer = outermostWrapper(*Make, P.ctx());
  EXPECT_NE(&Outer, Make); // the parentheses at least
  EXPECT_EQ(ignoreWrappers(&Outer), Make);
  auto Parents = P.ctx().getParents(Outer);
  ASSERT_FALSE(Parents.empty());
  EXPECT_NE(Parents[0].get<CallExpr>(), nullptr); // the call of consume
  EXPECT_EQ(wrappedExpr(Make), nullptr);
}

TEST(IsAwaitedOperand, OperandsOfCoAwaitAndCoReturn) {
  Parsed P(R"cpp(
mini::task<int> make();
void consume(mini::task<int>);
mini::task<int> f() {
  co_await make();
  consume(make());
  co_return co_await make();
}
)cpp");
  // The calls as written, in source order (an await also refers to its
  // operand from implicit expressions: keep each call once).
  std::map<unsigned, const CallExpr *> Calls;
  for (const auto &M :
       match(callExpr(callee(functionDecl(hasName("make")))).bind("c"),
             P.ctx())) {
    const auto *Call = M.getNodeAs<CallExpr>("c");
    Calls[P.ctx().getSourceManager().getFileOffset(Call->getBeginLoc())] =
        Call;
  }
  ASSERT_EQ(Calls.size(), 3u);
  std::vector<bool> Awaited;
  for (const auto &[Offset, Call] : Calls)
    Awaited.push_back(isAwaitedOperand(*Call, P.ctx()));
  EXPECT_EQ(Awaited, (std::vector<bool>{true, false, true}));
}

TEST(Coroutines, BodiesAndEnclosingFunctions) {
  Parsed P(R"cpp(
mini::task<> coro() {
  auto l = [] { return 1; };
  (void)l;
  co_return;
}
int plain() { return 0; }
)cpp");
  auto Coro = match(functionDecl(hasName("coro"), isDefinition()).bind("f"),
                    P.ctx());
  auto Plain = match(functionDecl(hasName("plain"), isDefinition()).bind("f"),
                     P.ctx());
  ASSERT_EQ(Coro.size(), 1u);
  ASSERT_EQ(Plain.size(), 1u);
  const auto *C = Coro[0].getNodeAs<FunctionDecl>("f");
  EXPECT_TRUE(isCoroutine(C));
  EXPECT_FALSE(isCoroutine(Plain[0].getNodeAs<FunctionDecl>("f")));
  EXPECT_NE(userBodyOf(C), nullptr);
  auto Returns = match(
      returnStmt(isExpansionInMainFile(), hasAncestor(lambdaExpr())).bind("r"),
      P.ctx());
  ASSERT_EQ(Returns.size(), 1u);
  const auto *InLambda = Returns[0].getNodeAs<ReturnStmt>("r");
  const FunctionDecl *Op = enclosingFunction(*InLambda, P.ctx());
  ASSERT_NE(Op, nullptr);
  EXPECT_EQ(Op->getOverloadedOperator(), OO_Call);
  // A lambda that is not a coroutine runs inline: its coroutine is coro.
  EXPECT_EQ(enclosingCoroutine(*InLambda, P.ctx()), C);
}

} // namespace
