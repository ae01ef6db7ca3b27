//===----------------------------------------------------------------------===//
//
// corolint over Asio's own C++20 coroutine examples, standalone (Debian's
// libasio-doc) and Boost.Asio (libboost1.81-doc): real code nobody wrote for
// corolint, with the Asio model selected automatically. Every finding must
// be one that the set's expected-findings file lists with its judgement and
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

/// One collection of examples and the findings judged on it.
struct ExampleSet {
  const char *Name;
  const char *Dir;      ///< searched recursively
  const char *Flags;    ///< as the examples' own build passes them
  const char *Expected; ///< under test/asio_examples/
};

const ExampleSet Sets[] = {
    // Asio 1.22 does not detect clang's coroutine support by itself; a
    // user's build defines these, as Asio's documentation says.
    {"asio", COROLINT_ASIO_EXAMPLES_DIR,
     "-std=c++20 -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE",
     "expected-findings.txt"},
    // Boost 1.81 detects it under clang 19.
    {"boost", COROLINT_BOOST_ASIO_EXAMPLES_DIR, "-std=c++20",
     "boost-expected-findings.txt"},
};

/// One example program: its set and its path relative to the set's Dir.
struct Example {
  const ExampleSet *Set;
  std::string Relative;
  std::string path() const { return std::string(Set->Dir) + "/" + Relative; }
};

/// The example programs of \p Set that use co_await, sorted.
std::vector<Example> exampleFiles(const ExampleSet &Set) {
  std::vector<Example> Files;
  fs::path Dir(Set.Dir);
  if (!fs::is_directory(Dir))
    return Files;
  for (const auto &E : fs::recursive_directory_iterator(Dir))
    if (E.path().extension() == ".cpp" &&
        readFile(E.path().string()).find("co_await") != std::string::npos)
      Files.push_back({&Set, fs::relative(E.path(), Dir).string()});
  std::sort(Files.begin(), Files.end(),
            [](const Example &A, const Example &B) {
              return A.Relative < B.Relative;
            });
  return Files;
}

std::vector<Example> allExamples() {
  std::vector<Example> All;
  for (const ExampleSet &Set : Sets)
    for (Example &E : exampleFiles(Set))
      All.push_back(std::move(E));
  return All;
}

using Finding = std::pair<unsigned, std::string>; // (line, check)

/// relative file name -> findings, from the set's expected findings.
std::map<std::string, std::set<Finding>> expectedFindings(const ExampleSet &Set) {
  std::map<std::string, std::set<Finding>> Result;
  std::istringstream In(readFile(std::string(COROLINT_SOURCE_DIR) +
                                 "/test/asio_examples/" + Set.Expected));
  std::regex Row(
      R"(^([^:#\s]+):(\d+): (corolint-[a-z-]+)( known-false-positive)? -- \S.*$)");
  std::string Line;
  while (std::getline(In, Line)) {
    if (Line.empty() || Line[0] == '#')
      continue;
    std::smatch M;
    EXPECT_TRUE(std::regex_match(Line, M, Row))
        << "malformed row in " << Set.Expected
        << " (expected '<file>:<line>: <check> [known-false-positive] -- "
           "<reason>'): "
        << Line;
    if (!M.empty())
      Result[M[1]].emplace(unsigned(std::stoul(M[2])), M[3]);
  }
  return Result;
}

TEST(AsioExamples, TheExamplesAreThere) {
  // Not a skip: without the examples this suite would test nothing.
  for (const ExampleSet &Set : Sets)
    EXPECT_GE(exampleFiles(Set).size(), 5u)
        << "no Asio coroutine examples in " << Set.Dir
        << "; `make deps` installs Debian's libasio-doc and libboost1.81-doc";
}

TEST(AsioExamples, EveryListedFileExists) {
  for (const ExampleSet &Set : Sets) {
    std::set<std::string> Names;
    for (const Example &E : exampleFiles(Set))
      Names.insert(E.Relative);
    for (const auto &[File, Findings] : expectedFindings(Set))
      EXPECT_TRUE(Names.count(File))
          << Set.Expected << " names " << File
          << ", which is not among the examples";
  }
}

class AsioExampleTest : public ::testing::TestWithParam<Example> {};

TEST_P(AsioExampleTest, FindingsAreExactlyTheJudgedOnes) {
  const Example &E = GetParam();
  std::set<Finding> Expected = expectedFindings(*E.Set)[E.Relative];

  CommandResult R = runCommand(std::string(COROLINT_TOOL) + " " +
                               shellQuote(E.path()) + " -- " + E.Set->Flags);
  std::vector<std::string> OtherErrors;
  std::set<Finding> Actual;
  std::regex CheckName(R"(\[(corolint-[a-z-]+)\]$)");
  for (const Diagnostic &D : parseDiagnostics(R.Output, E.path(), OtherErrors)) {
    ASSERT_NE(D.Level, "error") << R.Output;
    std::smatch M;
    if (D.Level == "warning" && std::regex_search(D.Message, M, CheckName))
      Actual.emplace(D.Line, M[1]);
  }
  EXPECT_TRUE(OtherErrors.empty()) << R.Output;
  EXPECT_EQ(Actual, Expected) << R.Output;
  EXPECT_EQ(R.Status, Expected.empty() ? 0 : 1) << R.Output;
}

std::string exampleName(const ::testing::TestParamInfo<Example> &Info) {
  // The relative path: Boost has chat_server.cpp in two directories.
  std::string Name = Info.param.Set->Name + std::string("_") +
                     fs::path(Info.param.Relative).replace_extension().string();
  for (char &C : Name)
    if (!isalnum(static_cast<unsigned char>(C)))
      C = '_';
  return Name;
}

INSTANTIATE_TEST_SUITE_P(Asio, AsioExampleTest,
                         ::testing::ValuesIn(allExamples()), exampleName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(AsioExampleTest);

} // namespace
} // namespace corolint::test
