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
      Names.push_back(Line.substr(P));
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

} // namespace
} // namespace corolint::test
