//===----------------------------------------------------------------------===//
//
// The comparisons with clang-tidy's own checks on the check pages are
// tests: under a page's `## Compared with clang-tidy's checks`, every ```cpp
// block is a translation unit, and the next fenced block (a plain ```) lists
// who reports what, one `LINE: CHECK` per warning (`none` for no warning).
// The section names the upstream checks in a comment line
// `<!-- upstream: check-a,check-b -->`; each block is run through
// clang-tidy-19 with the corolint plugin loaded, the page's check and those
// upstream checks, and the set of (line, check) of the warnings must be
// exactly the listed one.
//
//===----------------------------------------------------------------------===//

#include "Fixture.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace corolint::test {
namespace {

namespace fs = std::filesystem;

const char *const Heading = "## Compared with clang-tidy's checks";

struct Comparison {
  unsigned Line = 0; ///< of the ```cpp fence in the page
  std::string Code;
  std::set<std::string> Expected; ///< "LINE: CHECK"
  std::string Upstream;           ///< the section's upstream checks
};

/// The comparisons of \p Page's comparison section.
std::vector<Comparison> comparisons(const std::string &Page) {
  std::istringstream In(readFile(Page));
  std::vector<Comparison> Found;
  std::string Line;
  unsigned N = 0;
  bool Inside = false;
  enum { Prose, InCode, AwaitList, InList } State = Prose;
  static const std::regex Entry(R"(^(\d+): ([a-z0-9-]+)$)");
  std::string Upstream;
  while (std::getline(In, Line)) {
    ++N;
    if (State == Prose && Line.rfind("## ", 0) == 0) {
      Inside = Line == Heading;
      continue;
    }
    if (!Inside)
      continue;
    switch (State) {
    case Prose:
      if (Line.rfind("<!-- upstream: ", 0) == 0 &&
          Line.size() > 19 && Line.compare(Line.size() - 4, 4, " -->") == 0)
        Upstream = Line.substr(15, Line.size() - 19);
      if (Line == "```cpp") {
        if (Upstream.empty())
          throw std::runtime_error(Page + ":" + std::to_string(N) +
                                   ": no `<!-- upstream: ... -->` line before "
                                   "the first comparison");
        Found.push_back({N, "", {}, Upstream});
        State = InCode;
      }
      break;
    case InCode:
      if (Line == "```")
        State = AwaitList;
      else
        Found.back().Code += Line + "\n";
      break;
    case AwaitList:
      if (Line == "```")
        State = InList;
      else if (!Line.empty())
        throw std::runtime_error(Page + ":" + std::to_string(N) +
                                 ": expected the ``` list of who reports what");
      break;
    case InList:
      if (Line == "```") {
        State = Prose;
      } else if (Line == "none") {
      } else {
        std::smatch M;
        if (!std::regex_match(Line, M, Entry))
          throw std::runtime_error(Page + ":" + std::to_string(N) +
                                   ": not a `LINE: CHECK` entry: " + Line);
        Found.back().Expected.insert(Line);
      }
      break;
    }
  }
  return Found;
}

/// "LINE: CHECK" for every warning clang-tidy prints for example.cpp.
std::set<std::string> reported(const std::string &Output) {
  static const std::regex Warning(
      R"(example\.cpp:(\d+):\d+: warning: .* \[([a-z0-9-]+(,[a-z0-9-]+)*)\])");
  std::set<std::string> Out;
  std::istringstream In(Output);
  std::string Line;
  while (std::getline(In, Line)) {
    std::smatch M;
    if (!std::regex_search(Line, M, Warning))
      continue;
    std::stringstream Checks(M[2].str());
    for (std::string C; std::getline(Checks, C, ',');)
      Out.insert(M[1].str() + ": " + C);
  }
  return Out;
}

std::string join(const std::set<std::string> &S) {
  std::string Out;
  for (const auto &X : S)
    Out += "  " + X + "\n";
  return Out.empty() ? "  (none)\n" : Out;
}

TEST(DocPageUpstreamComparison, ThePagesSayWhoReportsWhat) {
  unsigned Compared = 0;
  for (const auto &Entry :
       fs::directory_iterator(fs::path(COROLINT_SOURCE_DIR) / "docs/checks")) {
    if (Entry.path().extension() != ".md")
      continue;
    std::string Page = Entry.path().string();
    std::vector<Comparison> Cs;
    ASSERT_NO_THROW(Cs = comparisons(Page));
    std::string Ours = "corolint-" + Entry.path().stem().string();
    for (const Comparison &C : Cs) {
      ++Compared;
      fs::path Dir = fs::temp_directory_path() /
                     ("corolint-upstream-" + std::to_string(::getpid()) + "-" +
                      std::to_string(Compared));
      fs::remove_all(Dir);
      fs::create_directories(Dir);
      {
        std::ofstream Out(Dir / "example.cpp", std::ios::binary);
        Out << C.Code;
      }
      std::string Checks = "-*," + Ours + "," + C.Upstream;
      CommandResult R = runCommand(
          "cd " + shellQuote(Dir.string()) + " && " + COROLINT_CLANG_TIDY +
          " --load=" + COROLINT_PLUGIN + " --quiet --checks=" +
          shellQuote(Checks) + " example.cpp -- -std=c++20 -I" +
          shellQuote(std::string(COROLINT_SOURCE_DIR) + "/runtime/include"));
      fs::remove_all(Dir);
      EXPECT_EQ(R.Output.find("error:"), std::string::npos)
          << Page << ":" << C.Line << ": the example does not compile\n"
          << R.Output;
      EXPECT_EQ(reported(R.Output), C.Expected)
          << Page << ":" << C.Line << ": expected\n"
          << join(C.Expected) << "reported\n"
          << join(reported(R.Output)) << R.Output;
    }
  }
  EXPECT_GE(Compared, 1u) << "no page compares itself with clang-tidy";
}

} // namespace
} // namespace corolint::test
