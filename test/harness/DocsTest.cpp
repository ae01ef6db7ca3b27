//===----------------------------------------------------------------------===//
//
// Documentation cannot drift from code: every option a check stores (what
// `clang-tidy --dump-config` shows) is listed under its page's `## Options`,
// and every option listed there exists.
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

std::vector<std::string> listChecks() {
  CommandResult R = runCommand(std::string(COROLINT_TOOL) + " --list-checks");
  std::vector<std::string> Names;
  std::istringstream In(R.Output);
  std::string Line;
  while (std::getline(In, Line)) {
    size_t P = Line.find("corolint-");
    if (P != std::string::npos && Line.find_first_not_of(' ') == P)
      Names.push_back(Line.substr(P, Line.find(' ', P) - P)); // then the summary
  }
  return Names;
}

/// Option names `<check>.Name` in the configuration clang-tidy dumps.
std::set<std::string> dumpedOptions(const std::string &Check) {
  CommandResult R = runCommand(
      "cd / && " + std::string(COROLINT_CLANG_TIDY) + " --load=" +
      COROLINT_PLUGIN + " --checks=" + shellQuote("-*," + Check) +
      " --dump-config");
  std::set<std::string> Options;
  std::regex Key("^  " + Check + "\\.([A-Za-z0-9]+):");
  std::istringstream In(R.Output);
  std::string Line;
  std::smatch M;
  while (std::getline(In, Line))
    if (std::regex_search(Line, M, Key))
      Options.insert(M[1]);
  return Options;
}

/// Option names listed as "- `Name` ..." under the page's `## Options`.
std::set<std::string> documentedOptions(const std::string &Page) {
  std::istringstream In(readFile(Page));
  std::string Line;
  bool InOptions = false;
  std::set<std::string> Options;
  std::regex Bullet(R"(^[-*] `([A-Za-z0-9]+)`)");
  std::smatch M;
  while (std::getline(In, Line)) {
    if (Line.rfind("## ", 0) == 0)
      InOptions = Line == "## Options";
    else if (InOptions && std::regex_search(Line, M, Bullet))
      Options.insert(M[1]);
  }
  return Options;
}

TEST(Docs, EveryStoredOptionIsDocumentedAndEveryDocumentedOptionExists) {
  std::vector<std::string> Checks = listChecks();
  ASSERT_FALSE(Checks.empty());
  for (const std::string &Check : Checks) {
    std::string Page = std::string(COROLINT_SOURCE_DIR) + "/docs/checks/" +
                       Check.substr(std::string("corolint-").size()) + ".md";
    if (!std::filesystem::exists(Page)) {
      ADD_FAILURE() << Check << " has no page " << Page;
      continue;
    }
    EXPECT_EQ(dumpedOptions(Check), documentedOptions(Page))
        << "options of " << Check << ": left is --dump-config, right is "
        << Page;
  }
}

/// (name, summary) rows of checks/CheckList.def.
std::vector<std::pair<std::string, std::string>> checkListRows() {
  std::string Def = readFile(std::string(COROLINT_SOURCE_DIR) +
                             "/checks/CheckList.def");
  std::regex Row(R"re(COROLINT_CHECK\("([^"]+)",\s*\w+,\s*((?:"[^"]*"\s*)+)\))re");
  std::regex Piece(R"re("([^"]*)")re");
  std::vector<std::pair<std::string, std::string>> Rows;
  for (std::sregex_iterator It(Def.begin(), Def.end(), Row), End; It != End;
       ++It) {
    std::string Pieces = (*It)[2], Summary;
    for (std::sregex_iterator P(Pieces.begin(), Pieces.end(), Piece), E;
         P != E; ++P)
      Summary += (*P)[1];
    Rows.emplace_back((*It)[1], Summary);
  }
  return Rows;
}

/// The summary sentence is said once, in CheckList.def, and repeated
/// verbatim as the first sentence of the check's page and in the index.
TEST(Docs, SummarySentencesMatchTheCheckList) {
  auto Rows = checkListRows();
  ASSERT_EQ(Rows.size(), listChecks().size())
      << "CheckList.def and the registered checks differ";
  std::string Index =
      readFile(std::string(COROLINT_SOURCE_DIR) + "/docs/checks/README.md");
  for (const auto &[Name, Summary] : Rows) {
    std::istringstream Page(readFile(std::string(COROLINT_SOURCE_DIR) +
                                     "/docs/checks/" + Name + ".md"));
    std::string Title, Blank, First;
    std::getline(Page, Title);
    std::getline(Page, Blank);
    std::getline(Page, First);
    EXPECT_EQ(Title, "# corolint-" + Name);
    EXPECT_EQ(First, Summary) << "first sentence of docs/checks/" << Name
                              << ".md";
    EXPECT_NE(Index.find("| [corolint-" + Name + "](" + Name + ".md) | " +
                         Summary + " |"),
              std::string::npos)
        << "docs/checks/README.md lacks the row for " << Name;
  }
}

} // namespace
} // namespace corolint::test
