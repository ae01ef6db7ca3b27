//===----------------------------------------------------------------------===//
//
// What a new user tripped over: `.clang-tidy` Checks, option errors, the
// compilation database (malformed, compile_flags.txt, files it does not
// list), where compiler errors go, --version, the --fix summary.
//
//===----------------------------------------------------------------------===//

#include "ScratchProject.h"

namespace corolint::test {
namespace {

using ConfigTest = ScratchProject;

static unsigned countLines(const std::string &Text) {
  return unsigned(std::count(Text.begin(), Text.end(), '\n'));
}

TEST_F(ConfigTest, DotClangTidyChecksApplyAndTheCommandLineWins) {
  write("bad.cpp", BadCode);
  write(".clang-tidy", "Checks: '-corolint-unawaited-task'\n");
  CommandResult R = corolint("bad.cpp" + flags());
  EXPECT_EQ(R.Status, 0) << "the check is disabled in .clang-tidy\n"
                         << R.Output;
  R = corolint("--checks=corolint-* bad.cpp" + flags());
  EXPECT_EQ(R.Status, 1) << "--checks wins over .clang-tidy\n" << R.Output;
}

TEST_F(ConfigTest, InvalidOptionValueIsAConfigurationError) {
  write("bad.cpp", BadCode);
  CommandResult R = corolint(
      "--check-option=corolint-unawaited-task.FlagVoidCast=maybe bad.cpp" +
      flags());
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_EQ(R.Output, "corolint: error: invalid configuration: invalid "
                      "configuration value 'maybe' for option "
                      "'corolint-unawaited-task.FlagVoidCast'; expected a "
                      "bool\n");
  // The same from .clang-tidy.
  write(".clang-tidy", "CheckOptions:\n"
                       "  corolint-unawaited-task.FlagVoidCast: maybe\n");
  R = corolint("bad.cpp" + flags());
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_EQ(countLines(R.Output), 1u) << R.Output;
}

TEST_F(ConfigTest, UnknownOptionKeyIsAConfigurationError) {
  write("bad.cpp", BadCode);
  std::string ClangTidy = write(".clang-tidy",
                                "CheckOptions:\n"
                                "  corolint-unawaited-task.FlagVoidCst: true\n"
                                "  readability-other-tool.Option: 1\n");
  CommandResult R = corolint("bad.cpp" + flags());
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_EQ(R.Output, "corolint: error: invalid configuration: " + ClangTidy +
                          ": unknown check option "
                          "'corolint-unawaited-task.FlagVoidCst' "
                          "('corolint-unawaited-task' has no option "
                          "'FlagVoidCst')\n");
  fs::remove(ClangTidy);
  R = corolint("--check-option=corolint-no-such.X=1 bad.cpp" + flags());
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_NE(R.Output.find("--check-option: unknown check option "
                          "'corolint-no-such.X' (there is no check "
                          "'corolint-no-such')"),
            std::string::npos)
      << R.Output;
}

TEST_F(ConfigTest, MalformedCompilationDatabaseIsOneLineNamingTheFile) {
  write("bad.cpp", BadCode);
  write("build/compile_commands.json", "[ { \"file\": ");
  CommandResult R = corolint("bad.cpp");
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_EQ(countLines(R.Output), 1u) << R.Output;
  EXPECT_NE(R.Output.find("build/compile_commands.json:1:13: not valid JSON"),
            std::string::npos)
      << R.Output;
  EXPECT_EQ(R.Output.find("YAML"), std::string::npos) << R.Output;
  write("build/compile_commands.json", "[{\"file\": \"bad.cpp\"}]");
  R = corolint("-p build bad.cpp");
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_EQ(countLines(R.Output), 1u) << R.Output;
  EXPECT_NE(R.Output.find("entry 1 needs \"directory\""), std::string::npos)
      << R.Output;
}

TEST_F(ConfigTest, CompileFlagsTxtIsADatabase) {
  write("src/bad.cpp", BadCode);
  write("compile_flags.txt", "-std=c++20\n-I" + Inputs + "\n");
  CommandResult R = corolint("src/bad.cpp");
  EXPECT_EQ(R.Status, 1) << R.Output;
  EXPECT_NE(R.Output.find("bad.cpp:4:3: warning:"), std::string::npos)
      << R.Output;
  R = corolint("-p . src/bad.cpp");
  EXPECT_EQ(R.Status, 1) << R.Output;
}

TEST_F(ConfigTest, CompilerErrorsGoToStandardError) {
  write("broken.cpp", "int main() { return undeclared; }\n");
  CommandResult Out = corolintStdout("broken.cpp" + flags());
  EXPECT_EQ(Out.Status, 3) << Out.Output;
  EXPECT_EQ(Out.Output, "") << "nothing on stdout but findings";
  CommandResult Err = corolintStderr("broken.cpp" + flags());
  EXPECT_NE(Err.Output.find("use of undeclared identifier 'undeclared'"),
            std::string::npos)
      << Err.Output;
}

TEST_F(ConfigTest, VersionNamesCorolintAndLlvm) {
  CommandResult R = corolint("--version");
  EXPECT_EQ(R.Status, 0) << R.Output;
  EXPECT_EQ(R.Output.rfind("corolint 0.", 0), 0u) << R.Output;
  EXPECT_NE(R.Output.find("(LLVM 19."), std::string::npos) << R.Output;
}

TEST_F(ConfigTest, FixSaysHowManyWereFixedAndHowManyRemain) {
  // Two findings with a fix-it, one without: a discarded task outside a
  // coroutine cannot be fixed by inserting co_await.
  write("three.cpp", R"(#include "mini.h"
mini::task<int> compute();
void plain() { compute(); }
mini::task<> f() {
  compute();
  compute();
  co_return;
}
)");
  CommandResult R = corolint("--fix three.cpp" + flags());
  EXPECT_NE(R.Output.find("corolint: fixed 2 of 3 finding(s)"),
            std::string::npos)
      << R.Output;
  EXPECT_NE(R.Output.find("; 1 remain"), std::string::npos) << R.Output;
}

TEST_F(ConfigTest, DirectoryArgumentNamesFilesTheDatabaseDoesNotList) {
  write("src/a.cpp", BadCode);
  write("src/b.cpp", BadCode);
  write("src/c.cpp", BadCode);
  database({"src/a.cpp"});
  CommandResult R = corolint("-p build src");
  EXPECT_EQ(R.Status, 1) << R.Output;
  EXPECT_NE(R.Output.find("skipped 2 C++ file(s) under the given "
                          "directories"),
            std::string::npos)
      << R.Output;
  EXPECT_NE(R.Output.find("1 finding(s) in 1 file(s)"), std::string::npos)
      << R.Output;
  R = corolint("--verbose -p build src");
  EXPECT_NE(R.Output.find("skipping 'src/b.cpp': not in the compilation "
                          "database"),
            std::string::npos)
      << R.Output;
  EXPECT_NE(R.Output.find("skipping 'src/c.cpp'"), std::string::npos)
      << R.Output;
}

TEST_F(ConfigTest, HeaderArgumentIsSkippedWithANote) {
  write("a.h", "#pragma once\n");
  CommandResult R = corolint("a.h" + flags());
  EXPECT_EQ(R.Status, 0) << R.Output;
  EXPECT_NE(R.Output.find("skipping header 'a.h'"), std::string::npos)
      << R.Output;
}

TEST_F(ConfigTest, ExplainPrintsTheCheckPageAndListChecksTheSummaries) {
  CommandResult R = corolint("--explain corolint-unawaited-task");
  EXPECT_EQ(R.Status, 0) << R.Output;
  EXPECT_EQ(R.Output.rfind("# corolint-unawaited-task\n", 0), 0u) << R.Output;
  EXPECT_NE(R.Output.find("## What it does"), std::string::npos);
  R = corolint("--explain no-such-check");
  EXPECT_EQ(R.Status, 2) << R.Output;
  R = corolint("--list-checks");
  EXPECT_NE(R.Output.find("corolint-unawaited-task         Finds tasks and "
                          "awaitables that are created and never awaited."),
            std::string::npos)
      << R.Output;
}

} // namespace
} // namespace corolint::test
