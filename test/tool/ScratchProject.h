//===----------------------------------------------------------------------===//
//
// The scratch project every tool test builds in a temporary directory, and
// the two sources most tests analyse.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TEST_TOOL_SCRATCHPROJECT_H
#define COROLINT_TEST_TOOL_SCRATCHPROJECT_H

#include "Fixture.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <vector>

namespace corolint::test {

namespace fs = std::filesystem;

inline const std::string Tool = COROLINT_TOOL;
inline const std::string Inputs =
    std::string(COROLINT_SOURCE_DIR) + "/test/checks/Inputs";

/// A scratch directory, removed at the end of the test.
class ScratchProject : public ::testing::Test {
protected:
  void SetUp() override {
    Dir = fs::temp_directory_path() /
          ("corolint-tool-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(Dir);
    fs::create_directories(Dir);
  }
  void TearDown() override { fs::remove_all(Dir); }

  std::string write(const std::string &Name, const std::string &Text) {
    fs::path P = Dir / Name;
    fs::create_directories(P.parent_path());
    std::ofstream(P) << Text;
    return P.string();
  }
  /// Runs corolint in the scratch directory.
  CommandResult corolint(const std::string &Args) {
    return runCommand("cd " + shellQuote(Dir.string()) + " && " + Tool + " " +
                      Args);
  }
  std::string flags() const { return " -- -std=c++20 -I" + Inputs; }
  /// Writes build/compile_commands.json compiling \p Files (relative).
  void database(const std::vector<std::string> &Files) {
    std::string Json = "[";
    for (const std::string &F : Files)
      Json += std::string(Json.size() > 1 ? "," : "") + "{\"directory\": \"" +
              Dir.string() + "\", \"file\": \"" + F +
              "\", \"command\": \"clang++ -std=c++20 -I" + Inputs +
              " -c " + F + "\"}";
    write("build/compile_commands.json", Json + "]");
  }
  std::string path(const std::string &Name) const {
    return (Dir / Name).string();
  }
  /// Runs corolint and keeps only its standard output.
  CommandResult corolintStdout(const std::string &Args) {
    return shell("(" + Tool + " " + Args + " 2>/dev/null)");
  }
  /// Runs corolint and keeps only its standard error.
  CommandResult corolintStderr(const std::string &Args) {
    return shell("(" + Tool + " " + Args + " >/dev/null)");
  }
  /// Runs a shell command in the scratch directory.
  CommandResult shell(const std::string &Command) {
    return runCommand("cd " + shellQuote(Dir.string()) + " && " + Command);
  }

  fs::path Dir;
};

inline const char *CleanCode = R"(#include "mini.h"
mini::task<int> compute();
mini::task<> ok() { co_await compute(); }
)";

inline const char *BadCode = R"(#include "mini.h"
mini::task<int> compute();
mini::task<> bad() {
  compute();
  co_return;
}
)";

} // namespace corolint::test

#endif
