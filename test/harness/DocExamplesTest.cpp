//===----------------------------------------------------------------------===//
//
// The code blocks of the check pages are tests (style anchors 5.4): every
// ```cpp block under `## Example` must trigger the check and produce exactly
// the diagnostics printed after it, and every ```cpp block under
// `## Use instead` must be clean.
//
// How a page (docs/checks/<name>.md, every page but README.md) is read:
// - A section runs from a `## ` heading to the next one (`###` headings stay
//   in their section). Only `## Example` and `## Use instead` are tested.
// - A fenced block opens with a line starting with ``` (the rest of the line
//   is its info string) and closes with a line that is exactly ```.
// - Each ```cpp block is a complete translation unit. It is written to a
//   temporary directory as `example.cpp` and run through
//     corolint --quiet --checks=corolint-<name> example.cpp --
//       -std=c++20 -I<source>/runtime/include
// - Under `## Example`, the next fenced block after a ```cpp block, in the
//   same section, must be a plain ``` block: the diagnostic block. Each of
//   its non-empty lines is `file:line:col: warning: message [corolint-<name>]`
//   or `file:line:col: note: message`, with one file name for the whole
//   block, standing for `example.cpp`. Other plain blocks (such as a list of
//   the check's other messages without locations) are prose, not tests.
// - Notes are part of the contract: the diagnostic block lists every warning
//   *and every note* the example produces in `example.cpp`, in the order
//   corolint prints them, with full message text (no prefix matching). Notes
//   located in other files (the runtime headers) cannot be written with the
//   substituted file name and are not compared.
// - An Example must produce at least one warning and exit with status 1; a
//   Use instead block must produce no diagnostics at all and exit with
//   status 0. A compile error fails either (exit status 3, or an error line).
// - A page without an Example ```cpp block, or without a Use instead
//   ```cpp block, fails.
//
//===----------------------------------------------------------------------===//

#include "Fixture.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace corolint::test {
namespace {

namespace fs = std::filesystem;

/// A fenced block of a page: its section, info string, first line number in
/// the page (of the opening fence) and its text.
struct FencedBlock {
  std::string Section;
  std::string Info;
  unsigned Line = 0;
  std::string Text;
};

/// The fenced blocks of \p Page, in order. Throws on an unterminated fence.
std::vector<FencedBlock> fencedBlocks(const std::string &Page) {
  std::istringstream In(readFile(Page));
  std::vector<FencedBlock> Blocks;
  std::string Line, Section;
  unsigned N = 0;
  FencedBlock *Open = nullptr;
  while (std::getline(In, Line)) {
    ++N;
    if (!Line.empty() && Line.back() == '\r')
      Line.pop_back();
    if (Open) {
      if (Line == "```")
        Open = nullptr;
      else
        Open->Text += Line + "\n";
      continue;
    }
    if (Line.rfind("## ", 0) == 0) {
      Section = Line.substr(3);
      while (!Section.empty() && Section.back() == ' ')
        Section.pop_back();
    } else if (Line.rfind("```", 0) == 0) {
      std::string Info = Line.substr(3);
      while (!Info.empty() && Info.back() == ' ')
        Info.pop_back();
      Blocks.push_back({Section, Info, N, ""});
      Open = &Blocks.back();
    }
  }
  if (Open)
    throw std::runtime_error(Page + ":" + std::to_string(Open->Line) +
                             ": unterminated code fence");
  return Blocks;
}

/// One diagnostic rendered without its file name: `line:col: level: message`.
using Rendered = std::vector<std::string>;

/// Parses a diagnostic block; appends a problem for every malformed line.
Rendered expectedDiagnostics(const FencedBlock &Block, const std::string &Check,
                             std::vector<std::string> &Problems) {
  static const std::regex Located(
      R"(^([^\s:]+):(\d+):(\d+): (warning|note): (.+)$)");
  Rendered Result;
  std::string File;
  std::istringstream In(Block.Text);
  std::string Line;
  while (std::getline(In, Line)) {
    if (Line.find_first_not_of(" \t") == std::string::npos)
      continue;
    std::smatch M;
    if (!std::regex_match(Line, M, Located)) {
      Problems.push_back("not a `file:line:col: warning|note: message` line: " +
                         Line);
      continue;
    }
    if (File.empty())
      File = M[1];
    else if (M[1] != File)
      Problems.push_back("file name '" + M[1].str() + "' differs from '" +
                         File + "': " + Line);
    std::string Suffix = " [" + Check + "]";
    std::string Message = M[5];
    if (M[4] == "warning" &&
        (Message.size() < Suffix.size() ||
         Message.compare(Message.size() - Suffix.size(), Suffix.size(),
                         Suffix) != 0))
      Problems.push_back("warning does not end with '" + Suffix + "': " + Line);
    Result.push_back(M[2].str() + ":" + M[3].str() + ": " + M[4].str() + ": " +
                     Message);
  }
  return Result;
}

struct ExampleRun {
  CommandResult Command;
  Rendered Diagnostics;            ///< in example.cpp, in output order
  std::vector<std::string> Errors; ///< compile errors, in any file
};

/// Writes \p Code to a fresh directory as example.cpp and runs corolint.
ExampleRun runExample(const std::string &Code, const std::string &Check,
               const std::string &Tag) {
  fs::path Dir = fs::temp_directory_path() /
                 ("corolint-doc-" + std::to_string(::getpid()) + "-" + Tag);
  fs::remove_all(Dir);
  fs::create_directories(Dir);
  fs::path File = Dir / "example.cpp";
  {
    std::ofstream Out(File, std::ios::binary);
    Out << Code;
  }
  ExampleRun R;
  R.Command = runCommand(
      "cd " + shellQuote(Dir.string()) + " && " + COROLINT_TOOL +
      " --quiet --checks=" + shellQuote(Check) + " example.cpp -- -std=c++20 -I" +
      shellQuote(std::string(COROLINT_SOURCE_DIR) + "/runtime/include"));
  std::vector<Diagnostic> Ds =
      parseDiagnostics(R.Command.Output, File.string(), R.Errors);
  for (const Diagnostic &D : Ds) {
    if (D.Level == "error")
      R.Errors.push_back("example.cpp:" + D.str());
    R.Diagnostics.push_back(D.str());
  }
  fs::remove_all(Dir);
  return R;
}

std::string join(const std::vector<std::string> &V) {
  std::string S;
  for (const auto &X : V)
    S += "  " + X + "\n";
  return S.empty() ? "  (none)\n" : S;
}

std::vector<std::string> findPages() {
  std::vector<std::string> Pages;
  for (const auto &Entry :
       fs::directory_iterator(fs::path(COROLINT_SOURCE_DIR) / "docs/checks"))
    if (Entry.path().extension() == ".md" &&
        Entry.path().filename() != "README.md")
      Pages.push_back(Entry.path().string());
  std::sort(Pages.begin(), Pages.end());
  return Pages;
}

class DocExamplesTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DocExamplesTest, ExamplesTriggerTheCheckAndUseInsteadIsClean) {
  const std::string &Page = GetParam();
  const std::string Check = "corolint-" + fs::path(Page).stem().string();
  std::vector<FencedBlock> Blocks;
  ASSERT_NO_THROW(Blocks = fencedBlocks(Page));

  unsigned Examples = 0, UseInstead = 0;
  for (size_t I = 0; I < Blocks.size(); ++I) {
    const FencedBlock &B = Blocks[I];
    if (B.Info != "cpp" ||
        (B.Section != "Example" && B.Section != "Use instead"))
      continue;
    const std::string Where = Page + ":" + std::to_string(B.Line);
    SCOPED_TRACE(B.Section + " block at " + Where);
    ExampleRun R = runExample(B.Text, Check,
                       fs::path(Page).stem().string() + "-" +
                           std::to_string(B.Line));
    EXPECT_TRUE(R.Errors.empty())
        << "the block does not compile:\n" << join(R.Errors) << "--- output:\n"
        << R.Command.Output;

    if (B.Section == "Use instead") {
      ++UseInstead;
      EXPECT_TRUE(R.Diagnostics.empty())
          << "a Use instead block must be clean; it produces:\n"
          << join(R.Diagnostics);
      EXPECT_EQ(R.Command.Status, 0) << R.Command.Output;
      continue;
    }

    ++Examples;
    // The diagnostic block is the next fenced block, in the same section.
    if (I + 1 >= Blocks.size() || Blocks[I + 1].Section != B.Section ||
        !Blocks[I + 1].Info.empty()) {
      ADD_FAILURE() << "the Example block is not followed by a plain ``` "
                       "block with its diagnostics";
      continue;
    }
    std::vector<std::string> Problems;
    Rendered Expected = expectedDiagnostics(Blocks[I + 1], Check, Problems);
    EXPECT_TRUE(Problems.empty())
        << "malformed diagnostic block at " << Page << ":"
        << Blocks[I + 1].Line << ":\n" << join(Problems);
    bool HasWarning = false;
    for (const std::string &D : Expected)
      HasWarning |= D.find(": warning: ") != std::string::npos;
    EXPECT_TRUE(HasWarning) << "an Example must list the warning it triggers";
    EXPECT_EQ(Expected, R.Diagnostics)
        << "diagnostic block (line:col, file name dropped):\n"
        << join(Expected) << "corolint produces on example.cpp:\n"
        << join(R.Diagnostics);
    EXPECT_EQ(R.Command.Status, 1) << R.Command.Output;
  }
  EXPECT_GT(Examples, 0u) << Page << " has no ```cpp block under ## Example";
  EXPECT_GT(UseInstead, 0u)
      << Page << " has no ```cpp block under ## Use instead";
}

std::string pageName(const ::testing::TestParamInfo<std::string> &Info) {
  std::string Name = fs::path(Info.param).stem().string();
  for (char &C : Name)
    if (!isalnum(static_cast<unsigned char>(C)))
      C = '_';
  return Name;
}

INSTANTIATE_TEST_SUITE_P(Docs, DocExamplesTest,
                         ::testing::ValuesIn(findPages()), pageName);

} // namespace
} // namespace corolint::test
