//===----------------------------------------------------------------------===//
//
// Runs every fixture in test/checks/ through both front ends, the real
// `clang-tidy-19 --load=libcorolint.so` and the standalone `corolint`, and
// compares their diagnostics with the fixture's expectations.
//
//===----------------------------------------------------------------------===//

#include "Fixture.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

namespace corolint::test {
namespace {

namespace fs = std::filesystem;

enum class FrontEnd { ClangTidyPlugin, Tool };
void PrintTo(FrontEnd F, std::ostream *OS) {
  *OS << (F == FrontEnd::Tool ? "corolint" : "clang-tidy-19 --load");
}

std::vector<std::string> findFixtures() {
  // test/checks: one fixture per check and variant; test/models: one per
  // runtime model, against a declaration-only header of the runtime's API.
  std::vector<std::string> Files;
  for (const char *Dir : {"test/checks", "test/models"})
    for (const auto &Entry :
         fs::directory_iterator(fs::path(COROLINT_SOURCE_DIR) / Dir))
      if (Entry.path().extension() == ".cpp")
        Files.push_back(Entry.path().string());
  std::sort(Files.begin(), Files.end());
  return Files;
}

std::string defaultFlags() {
  return std::string("-std=c++20 -I") + COROLINT_SOURCE_DIR +
         "/test/checks/Inputs -I" + COROLINT_SOURCE_DIR +
         "/test/models/Inputs -I" + COROLINT_SOURCE_DIR + "/runtime/include";
}

std::string join(const std::vector<std::string> &V, const char *Sep) {
  std::string S;
  for (const auto &X : V)
    S += (S.empty() ? "" : Sep) + X;
  return S;
}

/// The command that runs \p F on \p File through \p Front.
std::string commandFor(FrontEnd Front, const Fixture &F,
                       const std::string &File, bool ApplyFixes) {
  std::string Flags = defaultFlags();
  for (const auto &Flag : F.CompileFlags)
    Flags += " " + shellQuote(Flag);
  if (Front == FrontEnd::ClangTidyPlugin) {
    // An explicit --config keeps the repository's own .clang-tidy out.
    std::string Config = "{Checks: '-*," + join(F.Checks, ",") +
                         "', CheckOptions: {";
    for (size_t I = 0; I < F.Options.size(); ++I)
      Config += (I ? ", " : "") + F.Options[I].first + ": '" +
                F.Options[I].second + "'";
    Config += "}}";
    return std::string(COROLINT_CLANG_TIDY) + " --load=" + COROLINT_PLUGIN +
           " --quiet --config=" + shellQuote(Config) +
           (ApplyFixes ? " --fix" : "") + " " + shellQuote(File) + " -- " +
           Flags;
  }
  std::string Cmd = std::string(COROLINT_TOOL) + " --quiet --checks=" +
                    shellQuote(join(F.Checks, ","));
  for (const auto &[K, V] : F.Options)
    Cmd += " --check-option=" + shellQuote(K + "=" + V);
  return Cmd + (ApplyFixes ? " --fix" : "") + " " + shellQuote(File) +
         " -- " + Flags;
}

class FixtureTest
    : public ::testing::TestWithParam<std::tuple<std::string, FrontEnd>> {};

TEST_P(FixtureTest, ProducesExactlyTheExpectedDiagnostics) {
  const auto &[Path, Front] = GetParam();
  Fixture F = parseFixture(Path);
  CommandResult R = runCommand(commandFor(Front, F, Path, false));
  std::vector<std::string> OtherErrors;
  std::vector<Diagnostic> Actual = parseDiagnostics(R.Output, Path, OtherErrors);
  for (const Diagnostic &D : Actual)
    EXPECT_NE(D.Level, "error") << "the fixture does not compile: " << D.str()
                                << "\n" << R.Output;
  EXPECT_TRUE(OtherErrors.empty()) << join(OtherErrors, "\n");
  std::vector<std::string> Problems = compare(F.Expected, Actual);
  EXPECT_TRUE(Problems.empty())
      << join(Problems, "\n") << "\n--- output:\n" << R.Output;
  // clang-tidy exits 0 on warnings; corolint exits 1 on findings.
  if (Front == FrontEnd::Tool)
    EXPECT_EQ(R.Status, F.Expected.empty() ? 0 : 1) << R.Output;
  else
    EXPECT_EQ(R.Status, 0) << R.Output;
}

/// The fixtures with CHECK-FIXES lines.
std::vector<std::string> findFixturesWithFixes() {
  std::vector<std::string> Files;
  for (const std::string &Path : findFixtures())
    if (!parseFixture(Path).ExpectedFixes.empty())
      Files.push_back(Path);
  return Files;
}

class FixTest : public FixtureTest {};

TEST_P(FixTest, AppliesTheExpectedFixes) {
  const auto &[Path, Front] = GetParam();
  Fixture F = parseFixture(Path);
  ASSERT_FALSE(F.ExpectedFixes.empty());
  fs::path Dir = fs::temp_directory_path() /
                 ("corolint-fix-" + std::to_string(::getpid()) + "-" +
                  std::to_string(int(Front)));
  fs::create_directories(Dir);
  fs::path Copy = Dir / fs::path(Path).filename();
  fs::copy_file(Path, Copy, fs::copy_options::overwrite_existing);
  CommandResult R = runCommand(commandFor(Front, F, Copy.string(), true));
  std::string Fixed = readFile(Copy.string());
  fs::remove_all(Dir);
  std::vector<std::string> Missing = missingFixes(F.ExpectedFixes, Fixed);
  EXPECT_TRUE(Missing.empty()) << "not found after --fix, in order:\n"
                               << join(Missing, "\n") << "\n--- fixed file:\n"
                               << Fixed << "\n--- output:\n" << R.Output;
}

std::string testName(
    const ::testing::TestParamInfo<std::tuple<std::string, FrontEnd>> &Info) {
  std::string Name = fs::path(std::get<0>(Info.param)).stem().string();
  for (char &C : Name)
    if (!isalnum(static_cast<unsigned char>(C)))
      C = '_';
  return Name + (std::get<1>(Info.param) == FrontEnd::Tool ? "_tool"
                                                           : "_plugin");
}

INSTANTIATE_TEST_SUITE_P(
    Checks, FixtureTest,
    ::testing::Combine(::testing::ValuesIn(findFixtures()),
                       ::testing::Values(FrontEnd::ClangTidyPlugin,
                                         FrontEnd::Tool)),
    testName);

INSTANTIATE_TEST_SUITE_P(
    Checks, FixTest,
    ::testing::Combine(::testing::ValuesIn(findFixturesWithFixes()),
                       ::testing::Values(FrontEnd::ClangTidyPlugin,
                                         FrontEnd::Tool)),
    testName);

/// Every check has a fixture named after it and a documentation page.
TEST(CheckInventory, EveryCheckHasAFixtureAndADocPage) {
  CommandResult R =
      runCommand(std::string(COROLINT_TOOL) + " --list-checks");
  ASSERT_EQ(R.Status, 0) << R.Output;
  std::istringstream In(R.Output);
  std::string Line;
  unsigned Checks = 0;
  while (std::getline(In, Line)) {
    std::string Name = Line.substr(Line.find_first_not_of(' '));
    Name = Name.substr(0, Name.find(' ')); // the summary follows the name
    if (Name.rfind("corolint-", 0) != 0)
      continue;
    ++Checks;
    std::string Short = Name.substr(std::string("corolint-").size());
    fs::path Root(COROLINT_SOURCE_DIR);
    EXPECT_TRUE(fs::exists(Root / "test/checks" / (Short + ".cpp")))
        << Name << " has no fixture test/checks/" << Short << ".cpp";
    EXPECT_TRUE(fs::exists(Root / "docs/checks" / (Short + ".md")))
        << Name << " has no page docs/checks/" << Short << ".md";
  }
  EXPECT_GE(Checks, 1u) << R.Output;
}

} // namespace
} // namespace corolint::test
