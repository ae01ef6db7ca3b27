//===----------------------------------------------------------------------===//
//
// The command-line contract of `corolint` and of the plugin: exit statuses,
// bad input, configuration files, suppression comments, the version guard.
// Each test builds its own scratch project in a temporary directory.
//
//===----------------------------------------------------------------------===//

#include "ScratchProject.h"

namespace corolint::test {
namespace {

TEST_F(ScratchProject, ExitsZeroWithoutFindings) {
  write("clean.cpp", CleanCode);
  CommandResult R = corolint("clean.cpp" + flags());
  EXPECT_EQ(R.Status, 0) << R.Output;
  EXPECT_NE(R.Output.find("0 finding(s) in 1 file(s)"), std::string::npos)
      << R.Output;
}

TEST_F(ScratchProject, ExitsOneWithFindingsAndPrintsClangStyle) {
  write("bad.cpp", BadCode);
  CommandResult R = corolint("bad.cpp" + flags());
  EXPECT_EQ(R.Status, 1) << R.Output;
  // file:line:col: warning: message [check], then the line and a caret.
  EXPECT_NE(R.Output.find("bad.cpp:4:3: warning: task returned by 'compute' "
                          "is discarded without being awaited "
                          "[corolint-unawaited-task]\n  compute();\n  ^\n"),
            std::string::npos)
      << R.Output;
}

TEST_F(ScratchProject, CodeThatDoesNotCompileExitsThreeAndOtherFilesStillRun) {
  write("broken.cpp", "int main() { return undeclared; }\n");
  write("bad.cpp", BadCode);
  CommandResult R = corolint("broken.cpp bad.cpp" + flags());
  EXPECT_EQ(R.Status, 3) << R.Output;
  EXPECT_NE(R.Output.find("use of undeclared identifier 'undeclared'"),
            std::string::npos)
      << R.Output;
  EXPECT_NE(R.Output.find("broken.cpp: could not be analysed"),
            std::string::npos)
      << R.Output;
  // The other file was still analysed and its finding reported.
  EXPECT_NE(R.Output.find("bad.cpp:4:3: warning:"), std::string::npos)
      << R.Output;
}

TEST_F(ScratchProject, UnknownCheckIsAUsageError) {
  write("clean.cpp", CleanCode);
  CommandResult R = corolint("--checks=corolint-no-such-check clean.cpp" +
                             flags());
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_NE(R.Output.find("unknown check 'corolint-no-such-check'"),
            std::string::npos)
      << R.Output;
}

TEST_F(ScratchProject, ChecksGlobSelectsChecks) {
  write("bad.cpp", BadCode);
  CommandResult R =
      corolint("--checks=-corolint-unawaited-task,corolint-* bad.cpp" +
               flags());
  // Later globs win, as in clang-tidy: unawaited-task is re-enabled.
  EXPECT_EQ(R.Status, 1) << R.Output;
  R = corolint("--checks=corolint-*,-corolint-unawaited-task bad.cpp" +
               flags());
  EXPECT_EQ(R.Status, 0) << R.Output;
}

TEST_F(ScratchProject, ListChecksNamesEveryCheck) {
  CommandResult R = corolint("--list-checks");
  EXPECT_EQ(R.Status, 0) << R.Output;
  EXPECT_NE(R.Output.find("corolint-unawaited-task"), std::string::npos)
      << R.Output;
}

TEST_F(ScratchProject, MissingFileIsAUsageError) {
  CommandResult R = corolint("does-not-exist.cpp" + flags());
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_NE(R.Output.find("no such file or directory: 'does-not-exist.cpp'"),
            std::string::npos)
      << R.Output;
}

TEST_F(ScratchProject, DirectoryWithoutCppFilesIsAUsageError) {
  write("empty/readme.txt", "nothing here\n");
  CommandResult R = corolint("empty" + flags());
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_NE(R.Output.find("no C++ source files"), std::string::npos)
      << R.Output;
}

TEST_F(ScratchProject, DirectoryExpandsToItsSources) {
  write("src/a.cpp", BadCode);
  write("src/nested/b.cpp", BadCode);
  CommandResult R = corolint("src" + flags());
  EXPECT_EQ(R.Status, 1) << R.Output;
  EXPECT_NE(R.Output.find("2 finding(s) in 2 file(s)"), std::string::npos)
      << R.Output;
}

TEST_F(ScratchProject, MissingCompilationDatabaseIsAUsageError) {
  write("bad.cpp", BadCode);
  CommandResult R = corolint("bad.cpp");
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_NE(R.Output.find("no compilation database found"), std::string::npos)
      << R.Output;
  R = corolint("-p nowhere bad.cpp");
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_NE(R.Output.find("cannot load a compilation database from 'nowhere'"),
            std::string::npos)
      << R.Output;
}

TEST_F(ScratchProject, MalformedCompilationDatabaseIsAUsageError) {
  write("bad.cpp", BadCode);
  write("build/compile_commands.json", "[ { \"file\": ");
  CommandResult R = corolint("-p build bad.cpp");
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_NE(R.Output.find("cannot load a compilation database from 'build'"),
            std::string::npos)
      << R.Output;
}

TEST_F(ScratchProject, UsesAndDiscoversCompileCommandsJson) {
  std::string File = write("bad.cpp", BadCode);
  write("build/compile_commands.json",
        "[{\"directory\": \"" + Dir.string() + "\", \"file\": \"" + File +
            "\", \"command\": \"clang++ -std=c++20 -I" + Inputs +
            " -c bad.cpp\"}]");
  CommandResult R = corolint("-p build bad.cpp");
  EXPECT_EQ(R.Status, 1) << R.Output;
  // Without -p, build/compile_commands.json beside an ancestor is found.
  R = corolint("bad.cpp");
  EXPECT_EQ(R.Status, 1) << R.Output;
  // A file the database does not list gets its neighbour's command (the
  // include path above is needed to compile it, so this shows it was used).
  write("other.cpp", BadCode);
  R = corolint("-p build other.cpp");
  EXPECT_EQ(R.Status, 1) << R.Output;
  // With flags after --, the database is not consulted at all.
  R = corolint("-p build other.cpp -- -std=c++20");
  EXPECT_EQ(R.Status, 3) << "mini.h is not found without -I\n"
                         << R.Output;
}

TEST_F(ScratchProject, MalformedRoleConfigIsAUsageErrorWithLineAndColumn) {
  write("bad.cpp", BadCode);
  write(".corolint.yaml", "roles:\n  mylib::wait: blockng\n");
  CommandResult R = corolint("bad.cpp" + flags());
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_NE(R.Output.find(".corolint.yaml:2:16: unknown role 'blockng'"),
            std::string::npos)
      << R.Output;
  // An explicit --config that does not exist is an error too.
  fs::remove(Dir / ".corolint.yaml");
  R = corolint("--config=missing.yaml bad.cpp" + flags());
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_NE(R.Output.find("missing.yaml: cannot read configuration"),
            std::string::npos)
      << R.Output;
}

TEST_F(ScratchProject, RoleConfigTeachesTheChecksARuntime) {
  // `lib::start` returns an awaitable; .corolint.yaml says it spawns, so
  // dropping its result belongs to fire-and-forget, not unawaited-task.
  write("spawn.cpp", R"(#include "mini.h"
namespace lib { mini::join_handle<int> start(mini::task<int>); }
mini::task<int> compute();
mini::task<> f() {
  lib::start(compute());
  co_return;
}
)");
  CommandResult R =
      corolint("--checks=corolint-unawaited-task spawn.cpp" + flags());
  EXPECT_EQ(R.Status, 1) << R.Output;
  write(".corolint.yaml", "roles:\n  lib::start: spawn\n");
  R = corolint("--checks=corolint-unawaited-task spawn.cpp" + flags());
  EXPECT_EQ(R.Status, 0) << R.Output;
}

TEST_F(ScratchProject, FixRewritesTheFileAndLeavesNoTemporaries) {
  std::string File = write("bad.cpp", BadCode);
  CommandResult R = corolint("--fix bad.cpp" + flags());
  EXPECT_EQ(R.Status, 1) << R.Output; // findings were reported (and fixed)
  EXPECT_NE(readFile(File).find("  co_await compute();\n"), std::string::npos)
      << readFile(File);
  unsigned Entries = 0;
  for ([[maybe_unused]] const auto &E : fs::directory_iterator(Dir))
    ++Entries;
  EXPECT_EQ(Entries, 1u) << "a temporary file was left behind";
  R = corolint("bad.cpp" + flags());
  EXPECT_EQ(R.Status, 0) << R.Output;
}

TEST_F(ScratchProject, BadFlagsAfterDoubleDashAreAUsageError) {
  write("bad.cpp", BadCode);
  CommandResult R = corolint("bad.cpp -- -std=c++20 -fno-such-flag");
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_NE(R.Output.find("corolint: error: unknown argument: '-fno-such-flag'"),
            std::string::npos)
      << R.Output;
  EXPECT_EQ(R.Output.find("Stack dump"), std::string::npos) << R.Output;
}

//===----------------------------------------------------------------------===//
// The plugin inside clang-tidy-19
//===----------------------------------------------------------------------===//

class PluginTest : public ScratchProject {
protected:
  CommandResult clangTidy(const std::string &Args) {
    return runCommand("cd " + shellQuote(Dir.string()) + " && " +
                      COROLINT_CLANG_TIDY + " --load=" + COROLINT_PLUGIN +
                      " " + Args);
  }
};

TEST_F(PluginTest, ReadsChecksAndOptionsFromDotClangTidy) {
  write("void.cpp", R"(#include "mini.h"
mini::task<int> compute();
mini::task<> f() {
  (void)compute();
  co_return;
}
)");
  CommandResult R = clangTidy("void.cpp" + flags());
  EXPECT_EQ(R.Output.find("corolint-unawaited-task"), std::string::npos)
      << "no .clang-tidy yet: corolint checks are off\n" << R.Output;
  write(".clang-tidy", "Checks: '-*,corolint-*'\n"
                       "WarningsAsErrors: 'corolint-*'\n"
                       "CheckOptions:\n"
                       "  corolint-unawaited-task.FlagVoidCast: true\n");
  R = clangTidy("void.cpp" + flags());
  EXPECT_NE(R.Output.find("void.cpp:4:9: error: task returned by 'compute'"),
            std::string::npos)
      << R.Output;
  EXPECT_NE(R.Status, 0) << "WarningsAsErrors makes clang-tidy fail";
}

TEST_F(PluginTest, HonoursNolintAndNolintNextLine) {
  write("nolint.cpp", R"(#include "mini.h"
mini::task<int> compute();
mini::task<> f() {
  compute(); // NOLINT(corolint-unawaited-task)
  // NOLINTNEXTLINE(corolint-unawaited-task)
  compute();
  compute(); // NOLINT(corolint-some-other-check)
  co_return;
}
)");
  CommandResult R = clangTidy("-checks='-*,corolint-*' nolint.cpp" + flags());
  EXPECT_EQ(R.Output.find("nolint.cpp:4:"), std::string::npos) << R.Output;
  EXPECT_EQ(R.Output.find("nolint.cpp:6:"), std::string::npos) << R.Output;
  EXPECT_NE(R.Output.find("nolint.cpp:7:3: warning:"), std::string::npos)
      << R.Output;
  // The standalone tool honours the same comments.
  CommandResult T = corolint("nolint.cpp" + flags());
  EXPECT_EQ(T.Output.find("nolint.cpp:4:"), std::string::npos) << T.Output;
  EXPECT_EQ(T.Output.find("nolint.cpp:6:"), std::string::npos) << T.Output;
  EXPECT_NE(T.Output.find("nolint.cpp:7:3: warning:"), std::string::npos)
      << T.Output;
}

TEST_F(PluginTest, MalformedRoleConfigIsReportedWithLocation) {
  write("bad.cpp", BadCode);
  write(".corolint.yaml", "roles: [unclosed\n");
  CommandResult R = clangTidy("-checks='-*,corolint-*' bad.cpp" + flags());
  EXPECT_NE(R.Output.find("invalid corolint configuration: "), std::string::npos)
      << R.Output;
  EXPECT_NE(R.Output.find(".corolint.yaml:"), std::string::npos) << R.Output;
  EXPECT_EQ(R.Output.find("Stack dump"), std::string::npos) << R.Output;
}

TEST_F(PluginTest, RefusesToRunInAnotherLlvmMajor) {
  // Debian's unversioned clang-tidy is LLVM 14: the plugin must say so
  // instead of silently finding nothing.
  if (runCommand("command -v clang-tidy-14").Status != 0)
    GTEST_SKIP() << "clang-tidy-14 is not installed on this machine";
  write("bad.cpp", BadCode);
  CommandResult R = runCommand("cd " + shellQuote(Dir.string()) +
                               " && clang-tidy-14 --load=" + COROLINT_PLUGIN +
                               " -checks='-*,corolint-*' bad.cpp" + flags());
  EXPECT_EQ(R.Status, 3) << R.Output;
  EXPECT_NE(R.Output.find("corolint plugin: built for LLVM 19 but loaded "
                          "into LLVM 14"),
            std::string::npos)
      << R.Output;
}

} // namespace
} // namespace corolint::test
