//===----------------------------------------------------------------------===//
//
// corolint on examples/: silent on every good program, and on every mistake
// twin exactly the findings its `// mistake: corolint-<check>` markers name,
// on the marked lines.
//
//===----------------------------------------------------------------------===//

#include "Fixture.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

namespace corolint::test {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> exampleFiles() {
  std::vector<std::string> Files;
  fs::path Dir = fs::path(COROLINT_SOURCE_DIR) / "examples";
  if (fs::exists(Dir))
    for (const auto &E : fs::directory_iterator(Dir))
      if (E.path().extension() == ".cpp")
        Files.push_back(E.path().string());
  std::sort(Files.begin(), Files.end());
  return Files;
}

/// (line, check) pairs from `// mistake: corolint-x` markers.
std::set<std::pair<unsigned, std::string>> markers(const std::string &File) {
  std::set<std::pair<unsigned, std::string>> Result;
  std::istringstream In(readFile(File));
  std::string Line;
  unsigned N = 0;
  std::regex Marker(R"(// mistake: (corolint-[a-z-]+))");
  while (std::getline(In, Line)) {
    ++N;
    for (std::sregex_iterator It(Line.begin(), Line.end(), Marker), End;
         It != End; ++It)
      Result.emplace(N, (*It)[1]);
  }
  return Result;
}

class ExampleTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ExampleTest, CorolintFindsExactlyTheMarkedMistakes) {
  const std::string &File = GetParam();
  bool IsMistake = File.find("_mistake.cpp") != std::string::npos;
  auto Expected = markers(File);
  if (IsMistake)
    ASSERT_FALSE(Expected.empty())
        << File << " is a mistake twin without a `// mistake:` marker";
  else
    ASSERT_TRUE(Expected.empty()) << File << " is a good example with markers";

  CommandResult R = runCommand(std::string(COROLINT_TOOL) + " -p " +
                               COROLINT_BINARY_DIR + " " + shellQuote(File));
  std::vector<std::string> OtherErrors;
  std::set<std::pair<unsigned, std::string>> Actual;
  std::regex CheckName(R"(\[(corolint-[a-z-]+)\]$)");
  for (const Diagnostic &D : parseDiagnostics(R.Output, File, OtherErrors)) {
    std::smatch M;
    ASSERT_NE(D.Level, "error") << R.Output;
    if (D.Level == "warning" && std::regex_search(D.Message, M, CheckName))
      Actual.emplace(D.Line, M[1]);
  }
  EXPECT_TRUE(OtherErrors.empty()) << R.Output;
  EXPECT_EQ(Actual, Expected) << R.Output;
  EXPECT_EQ(R.Status, IsMistake ? 1 : 0) << R.Output;
}

std::string exampleName(const ::testing::TestParamInfo<std::string> &Info) {
  return testNameOfFile(Info.param);
}

INSTANTIATE_TEST_SUITE_P(Examples, ExampleTest,
                         ::testing::ValuesIn(exampleFiles()), exampleName);

/// The project's own checks on its own code: the aio headers, as the good
/// examples instantiate them, are clean under every corolint check
/// (through the clang-tidy plugin, with findings in the headers shown).
TEST(SelfLint, RuntimeHeadersAreCleanUnderCorolint) {
  unsigned Linted = 0;
  for (const std::string &File : exampleFiles()) {
    if (File.find("_mistake.cpp") != std::string::npos)
      continue;
    ++Linted;
    CommandResult R = runCommand(
        std::string(COROLINT_CLANG_TIDY) + " --load=" + COROLINT_PLUGIN +
        " -p " + COROLINT_BINARY_DIR +
        " --quiet --checks='-*,corolint-*' --warnings-as-errors='*'"
        " --header-filter='.*/runtime/include/aio/.*' " +
        shellQuote(File));
    EXPECT_EQ(R.Status, 0) << File << "\n" << R.Output;
    EXPECT_EQ(R.Output.find("warning:"), std::string::npos) << R.Output;
    EXPECT_EQ(R.Output.find("error:"), std::string::npos) << R.Output;
  }
  EXPECT_GE(Linted, 1u);
}

TEST(ExampleInventory, EveryMistakeTwinHasItsGoodProgram) {
  auto Files = exampleFiles();
  ASSERT_FALSE(Files.empty()) << "examples/ has no programs";
  for (const std::string &F : Files) {
    auto Pos = F.find("_mistake.cpp");
    if (Pos != std::string::npos)
      EXPECT_TRUE(fs::exists(F.substr(0, Pos) + ".cpp"))
          << F << " has no good twin";
  }
}

} // namespace
} // namespace corolint::test
