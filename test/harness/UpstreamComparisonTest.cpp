//===----------------------------------------------------------------------===//
//
// Runs every fixture in test/upstream/ through `clang-tidy-19
// --load=libcorolint.so` with corolint checks and the upstream clang-tidy
// checks they are compared with on their doc pages, and asserts exactly who
// reports what: a fixture's expectations name the upstream check's
// diagnostics next to corolint's. Only the plugin front end runs them: the
// standalone tool has no upstream checks.
//
//===----------------------------------------------------------------------===//

#include "Fixture.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace corolint::test {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> findComparisons() {
  std::vector<std::string> Files;
  fs::path Dir = fs::path(COROLINT_SOURCE_DIR) / "test/upstream";
  if (fs::exists(Dir))
    for (const auto &Entry : fs::directory_iterator(Dir))
      if (Entry.path().extension() == ".cpp")
        Files.push_back(Entry.path().string());
  std::sort(Files.begin(), Files.end());
  return Files;
}

std::string join(const std::vector<std::string> &V, const char *Sep) {
  std::string S;
  for (const auto &X : V)
    S += (S.empty() ? "" : Sep) + X;
  return S;
}

class UpstreamComparisonTest : public ::testing::TestWithParam<std::string> {};

TEST_P(UpstreamComparisonTest, EachCheckReportsExactlyWhatIsExpected) {
  const std::string &Path = GetParam();
  Fixture F = parseFixture(Path);
  std::string Config = "{Checks: '-*," + join(F.Checks, ",") + "'}";
  std::string Cmd = std::string(COROLINT_CLANG_TIDY) +
                    " --load=" + COROLINT_PLUGIN + " --quiet --config=" +
                    shellQuote(Config) + " " + shellQuote(Path) +
                    " -- -std=c++20 -I" + COROLINT_SOURCE_DIR +
                    "/test/checks/Inputs";
  CommandResult R = runCommand(Cmd);
  std::vector<std::string> OtherErrors;
  std::vector<Diagnostic> Actual = parseDiagnostics(R.Output, Path, OtherErrors);
  for (const Diagnostic &D : Actual)
    EXPECT_NE(D.Level, "error") << "the fixture does not compile: " << D.str();
  EXPECT_TRUE(OtherErrors.empty()) << join(OtherErrors, "\n");
  std::vector<std::string> Problems = compare(F.Expected, Actual);
  EXPECT_TRUE(Problems.empty())
      << join(Problems, "\n") << "\n--- output:\n" << R.Output;
}

std::string comparisonName(const ::testing::TestParamInfo<std::string> &Info) {
  std::string Name = fs::path(Info.param).stem().string();
  for (char &C : Name)
    if (!isalnum(static_cast<unsigned char>(C)))
      C = '_';
  return Name;
}

INSTANTIATE_TEST_SUITE_P(Upstream, UpstreamComparisonTest,
                         ::testing::ValuesIn(findComparisons()),
                         comparisonName);

} // namespace
} // namespace corolint::test
