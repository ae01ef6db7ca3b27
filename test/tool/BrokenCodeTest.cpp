//===----------------------------------------------------------------------===//
//
// Code that does not compile: corolint analyses it without crashing, says in
// one line per file that it could not be analysed, and exits 3. The inputs
// are broken variants of the project's own check fixtures (test/checks/),
// generated here, and a few hand-written coroutines broken in the ways an
// editor sees mid-edit.
//
//===----------------------------------------------------------------------===//

#include "ScratchProject.h"

#include "llvm/Support/JSON.h"

#include <set>
#include <sstream>

namespace corolint::test {
namespace {

using BrokenCodeTest = ScratchProject;

std::string readAll(const fs::path &P) {
  std::ifstream In(P);
  std::stringstream S;
  S << In.rdbuf();
  return S.str();
}

/// The broken variants of one fixture, by file name suffix. Each leaves a
/// brace unclosed or closes one too many, so none of them compiles.
std::vector<std::pair<std::string, std::string>>
brokenVariants(const std::string &Text) {
  std::vector<std::pair<std::string, std::string>> Variants;
  // Truncated inside the last block (a file cut off mid-write).
  if (size_t Last = Text.rfind('{'); Last != std::string::npos)
    Variants.emplace_back("truncated-end", Text.substr(0, Last + 1));
  // Truncated inside the first block after the middle of the file.
  if (size_t Mid = Text.find('{', Text.size() / 2); Mid != std::string::npos)
    Variants.emplace_back("truncated-middle", Text.substr(0, Mid + 1));
  // The last closing brace removed (a function or namespace left open).
  if (size_t Close = Text.rfind('}'); Close != std::string::npos)
    Variants.emplace_back("missing-brace",
                          Text.substr(0, Close) + Text.substr(Close + 1));
  // A stray closing brace at the top.
  if (size_t Body = Text.find("{\n"); Body != std::string::npos)
    Variants.emplace_back("extra-brace",
                          Text.substr(0, Body + 2) + "}\n}\n" +
                              Text.substr(Body + 2));
  return Variants;
}

/// Hand-written coroutines broken the way code is while being edited.
const std::pair<const char *, const char *> HandWritten[] = {
    {"coroutine-missing-brace.cpp", R"(#include "mini.h"
mini::task<int> compute();
mini::task<> f() {
  if (true) {
    co_await compute();
  co_return;
}
)"},
    {"unknown-awaited-type.cpp", R"(#include "mini.h"
mini::task<> f() {
  co_await no_such_type{};
  co_await mini::no_such_function(42);
  auto x = co_await undeclared_awaitable;
  co_return;
}
)"},
    {"incomplete-promise.cpp", R"(#include <coroutine>
struct task {
  struct promise_type;
};
task f() { co_return; }
task g() { co_await std::suspend_always{}; }
)"},
    {"no-promise-type.cpp", R"(#include <coroutine>
struct task {};
task f() { co_await std::suspend_always{}; }
)"},
    {"bad-awaiter.cpp", R"(#include "mini.h"
struct half_awaiter { bool await_ready(); };
mini::task<> f() { co_await half_awaiter{}; }
)"},
    {"truncated-mid-token.cpp", R"(#include "mini.h"
mini::task<int> compute();
mini::task<> f() { co_aw)"},
};

TEST_F(BrokenCodeTest, BrokenFixturesAreAnalysisErrorsNotCrashes) {
  std::vector<std::string> Files;
  fs::path Fixtures = fs::path(COROLINT_SOURCE_DIR) / "test" / "checks";
  for (const auto &Entry : fs::directory_iterator(Fixtures)) {
    if (Entry.path().extension() != ".cpp")
      continue;
    std::string Text = readAll(Entry.path());
    for (const auto &[Suffix, Broken] : brokenVariants(Text)) {
      std::string Name = Entry.path().stem().string() + "." + Suffix + ".cpp";
      write(Name, Broken);
      Files.push_back(Name);
    }
  }
  for (const auto &[Name, Text] : HandWritten) {
    write(Name, Text);
    Files.push_back(Name);
  }
  ASSERT_GT(Files.size(), 40u) << "the fixtures were found";

  std::string Args = "--format=json --output=report.json -j 2";
  for (const std::string &F : Files)
    Args += " " + F;
  CommandResult R = corolintStderr(Args + flags() + " 2>&1");
  EXPECT_EQ(R.Status, 3) << R.Output;
  for (const char *Banner : {"PLEASE submit", "Stack dump", "crashed"})
    EXPECT_EQ(R.Output.find(Banner), std::string::npos) << R.Output;
  for (const std::string &F : Files)
    EXPECT_NE(R.Output.find("corolint: error: " + path(F) +
                            ": could not be analysed (it does not compile)\n"),
              std::string::npos)
        << F << "\n"
        << R.Output;

  // The report lists each file once as a failure, with the compiler's errors.
  auto Report = llvm::json::parse(readAll(Dir / "report.json"));
  ASSERT_TRUE(bool(Report)) << llvm::toString(Report.takeError());
  const llvm::json::Array *Failures =
      Report->getAsObject()->getArray("failures");
  ASSERT_NE(Failures, nullptr);
  std::set<std::string> Failed;
  for (const llvm::json::Value &F : *Failures) {
    const llvm::json::Object *O = F.getAsObject();
    ASSERT_NE(O, nullptr);
    std::string File = O->getString("file").value_or("").str();
    Failed.insert(File);
    EXPECT_EQ(O->getString("reason").value_or(""),
              "could not be analysed (it does not compile)")
        << File;
    const llvm::json::Array *Errors = O->getArray("errors");
    EXPECT_TRUE(Errors && !Errors->empty()) << File << ": the compiler's errors";
  }
  EXPECT_EQ(Failed, std::set<std::string>(Files.begin(), Files.end()));
}

} // namespace
} // namespace corolint::test
