//===----------------------------------------------------------------------===//
//
// corolint over Asio's own C++20 coroutine examples (Debian's libasio-doc):
// real code nobody wrote for corolint. Every finding must be one that
// test/asio_examples/expected-findings.txt lists with its judgement and
// reason, and every listed finding must still be reported: a new finding, a
// lost true positive and a fixed false positive all show here.
//
//===----------------------------------------------------------------------===//

#include "Fixture.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace corolint::test {
namespace {

namespace fs = std::filesystem;

/// Asio 1.22 does not detect clang's coroutine support by itself.
const char *AsioFlags =
    "-std=c++20 -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE";

/// The example programs that use co_await, sorted.
std::vector<std::string> exampleFiles() {
  std::vector<std::string> Files;
  fs::path Dir(COROLINT_ASIO_EXAMPLES_DIR);
  if (!fs::is_directory(Dir))
    return Files;
  for (const auto &E : fs::directory_iterator(Dir))
    if (E.path().extension() == ".cpp" &&
        readFile(E.path().string()).find("co_await") != std::string::npos)
      Files.push_back(E.path().string());
  std::sort(Files.begin(), Files.end());
  return Files;
}

using Finding = std::pair<unsigned, std::string>; // (line, check)

/// file name -> findings, from expected-findings.txt.
std::map<std::string, std::set<Finding>> expectedFindings() {
  std::map<std::string, std::set<Finding>> Result;
  std::istringstream In(readFile(std::string(COROLINT_SOURCE_DIR) +
                                 "/test/asio_examples/expected-findings.txt"));
  std::regex Row(
      R"(^([^:#\s]+):(\d+): (corolint-[a-z-]+)( known-false-positive)? -- \S.*$)");
  std::string Line;
  while (std::getline(In, Line)) {
    if (Line.empty() || Line[0] == '#')
      continue;
    std::smatch M;
    EXPECT_TRUE(std::regex_match(Line, M, Row))
        << "malformed row in expected-findings.txt (expected "
           "'<file>:<line>: <check> [known-false-positive] -- <reason>'): "
        << Line;
    if (!M.empty())
      Result[M[1]].emplace(unsigned(std::stoul(M[2])), M[3]);
  }
  return Result;
}

TEST(AsioExamples, TheExamplesAreThere) {
  // Not a skip: without the examples this suite would test nothing.
  EXPECT_GE(exampleFiles().size(), 5u)
      << "no Asio coroutine examples in " << COROLINT_ASIO_EXAMPLES_DIR
      << "; `make deps` installs Debian's libasio-doc";
}

TEST(AsioExamples, EveryListedFileExists) {
  std::set<std::string> Names;
  for (const std::string &F : exampleFiles())
    Names.insert(fs::path(F).filename().string());
  for (const auto &[File, Findings] : expectedFindings())
    EXPECT_TRUE(Names.count(File))
        << "expected-findings.txt names " << File
        << ", which is not among the examples";
}

class AsioExampleTest : public ::testing::TestWithParam<std::string> {};

TEST_P(AsioExampleTest, FindingsAreExactlyTheJudgedOnes) {
  const std::string &File = GetParam();
  std::string Name = fs::path(File).filename().string();
  auto All = expectedFindings();
  std::set<Finding> Expected = All[Name];

  CommandResult R = runCommand(std::string(COROLINT_TOOL) + " " +
                               shellQuote(File) + " -- " + AsioFlags);
  std::vector<std::string> OtherErrors;
  std::set<Finding> Actual;
  std::regex CheckName(R"(\[(corolint-[a-z-]+)\]$)");
  for (const Diagnostic &D : parseDiagnostics(R.Output, File, OtherErrors)) {
    ASSERT_NE(D.Level, "error") << R.Output;
    std::smatch M;
    if (D.Level == "warning" && std::regex_search(D.Message, M, CheckName))
      Actual.emplace(D.Line, M[1]);
  }
  EXPECT_TRUE(OtherErrors.empty()) << R.Output;
  EXPECT_EQ(Actual, Expected) << R.Output;
  EXPECT_EQ(R.Status, Expected.empty() ? 0 : 1) << R.Output;
}

std::string exampleName(const ::testing::TestParamInfo<std::string> &Info) {
  return testNameOfFile(Info.param);
}

INSTANTIATE_TEST_SUITE_P(Asio, AsioExampleTest,
                         ::testing::ValuesIn(exampleFiles()), exampleName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(AsioExampleTest);

} // namespace
} // namespace corolint::test
