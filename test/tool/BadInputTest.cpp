//===----------------------------------------------------------------------===//
//
// The rows of the bad-input table of docs/tool.md that no other test covers:
// each bad input gets one line naming the cause (file and line where there
// is one) and its documented exit status, and nothing is written.
//
//===----------------------------------------------------------------------===//

#include "ScratchProject.h"

#include <sstream>

namespace corolint::test {
namespace {

using BadInputTest = ScratchProject;

unsigned lines(const std::string &S) {
  return unsigned(std::count(S.begin(), S.end(), '\n'));
}

/// Expects status \p Status and exactly one line of output containing
/// \p Expected.
void expectOneLine(const CommandResult &R, int Status,
                   const std::string &Expected) {
  EXPECT_EQ(R.Status, Status) << R.Output;
  EXPECT_EQ(lines(R.Output), 1u) << R.Output;
  EXPECT_NE(R.Output.find(Expected), std::string::npos)
      << "want: " << Expected << "\ngot:  " << R.Output;
}

TEST_F(BadInputTest, MalformedRoleConfigYamlNamesFileLineAndColumn) {
  write("bad.cpp", BadCode);
  write(".corolint.yaml", "roles:\n  mylib::wait: [blocking\n");
  expectOneLine(corolint("bad.cpp" + flags()), 2,
                ".corolint.yaml:3:1: malformed YAML: ");
  write(".corolint.yaml", "role:\n  mylib::wait: blocking\n");
  expectOneLine(corolint("bad.cpp" + flags()), 2,
                ".corolint.yaml:1:1: unknown key 'role' (expected roles, "
                "models, disable_models, model_dirs)");
  write(".corolint.yaml", "roles:\n  a\xff: blocking\n");
  expectOneLine(corolint("bad.cpp" + flags()), 2,
                ".corolint.yaml:2:4: not valid UTF-8");
  // Quoted text with a newline stays one line.
  write(".corolint.yaml", "roles:\n  a: \"block\\nng\"\n");
  expectOneLine(corolint("bad.cpp" + flags()), 2,
                ".corolint.yaml:2:6: unknown role 'block\\nng'");
  write(".corolint.yaml", "roles: [mylib::wait]\n");
  expectOneLine(corolint("bad.cpp" + flags()), 2,
                ".corolint.yaml:1:8: 'roles' must map qualified names to "
                "roles");
}

TEST_F(BadInputTest, ConfigPathThatIsADirectoryIsAUsageError) {
  write("bad.cpp", BadCode);
  fs::create_directories(Dir / "conf");
  expectOneLine(corolint("--config=conf bad.cpp" + flags()), 2,
                "conf: cannot read configuration: ");
}

TEST_F(BadInputTest, CompilationDatabaseNestedTooDeepIsAUsageError) {
  write("bad.cpp", BadCode);
  write("build/compile_commands.json", std::string(100000, '['));
  expectOneLine(corolint("-p build bad.cpp"), 2,
                "build/compile_commands.json:1:513: not valid JSON: nested "
                "deeper than 512 levels");
}

TEST_F(BadInputTest, CompilationDatabaseThatIsNotAListIsAUsageError) {
  write("bad.cpp", BadCode);
  write("build/compile_commands.json", "{\"file\": \"bad.cpp\"}");
  expectOneLine(corolint("-p build bad.cpp"), 2,
                "build/compile_commands.json: expected a JSON array of "
                "compile commands");
}

TEST_F(BadInputTest, BaselineEntryLackingAFieldNamesTheEntry) {
  write("bad.cpp", BadCode);
  write("base.json", "{\"schema\": \"corolint-baseline\", \"version\": 1, "
                     "\"findings\": [{\"fingerprint\": \"x\"}]}");
  expectOneLine(corolint("--baseline base.json bad.cpp" + flags()), 2,
                "base.json: baseline entry 1 lacks \"fingerprint\", "
                "\"check\", \"file\" or \"message\"");
  write("base.json", "{\"schema\": \"corolint-report\"}");
  expectOneLine(corolint("--baseline base.json bad.cpp" + flags()), 2,
                "base.json: not a corolint baseline");
}

TEST_F(BadInputTest, MergeInputsOfANewerVersionOrMalformedAreUsageErrors) {
  write("new.json", "{\"schema\": \"corolint-report\", \"version\": 99, "
                    "\"filesAnalysed\": 0, \"findings\": [], "
                    "\"failures\": []}");
  expectOneLine(corolint("merge out.json new.json"), 2,
                "'new.json': JSON report version 99 is not supported");
  write("sarif.json", "{\"version\": \"2.1.0\", \"runs\": [{\"results\": "
                      "[1]}]}");
  expectOneLine(corolint("merge out.json sarif.json"), 2,
                "'sarif.json': SARIF log has a result that is not an "
                "object");
  write("two-runs.json", "{\"version\": \"2.1.0\", \"runs\": [{}, {}]}");
  expectOneLine(corolint("merge out.json two-runs.json"), 2,
                "'two-runs.json': SARIF log has 2 runs");
  write("deep.json", std::string(5000, '{'));
  expectOneLine(corolint("merge out.json deep.json"), 2,
                "deep.json:1:513: not valid JSON: nested deeper than 512 "
                "levels");
  EXPECT_FALSE(fs::exists(Dir / "out.json")) << "nothing was written";
}

TEST_F(BadInputTest, UnknownCommandLineOptionIsAUsageError) {
  write("bad.cpp", BadCode);
  CommandResult R = corolint("--no-such-option bad.cpp" + flags());
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_NE(R.Output.find("--no-such-option"), std::string::npos) << R.Output;
}

TEST_F(BadInputTest, MalformedDotClangTidyIsAConfigurationError) {
  write("bad.cpp", BadCode);
  std::string File = write(".clang-tidy", "CheckOptions:\n  - key: [\n");
  expectOneLine(corolint("bad.cpp" + flags()), 2,
                "corolint: error: invalid configuration: " + File +
                    ":2:11: Could not find closing ]!");
  // Not YAML at all, in a parent directory of the file.
  fs::remove(File);
  write("src/bad.cpp", BadCode);
  File = write(".clang-tidy", "Checks: '-*\n\t: :\n");
  CommandResult R = corolint("src/bad.cpp" + flags());
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_EQ(lines(R.Output), 1u) << R.Output;
  EXPECT_NE(R.Output.find(File + ":"), std::string::npos) << R.Output;
}

TEST_F(BadInputTest, DotClangTidyErrorWithoutALocationNamesTheDocument) {
  // clang-tidy's reader rejects this without a diagnostic of its own; the
  // line after the comment is where the document that fails would start.
  write("bad.cpp", BadCode);
  std::string File =
      write(".clang-tidy", "# options\n%CheckOptions:\n  corolint-x.Y: 1\n");
  expectOneLine(corolint("bad.cpp" + flags()), 2,
                "corolint: error: invalid configuration: " + File +
                    ":2:1: not a YAML document clang-tidy can read (");
  // Its diagnostic for an unterminated quoted scalar holding a byte that is
  // not UTF-8, before a carriage return, has no location (line 0).
  write(".clang-tidy", "CheckOptions:\n s: '\xadn\r%");
  expectOneLine(corolint("bad.cpp" + flags()), 2,
                "corolint: error: invalid configuration: " + File +
                    ":1:1: unexpected scalar");
}

TEST_F(BadInputTest, SourceThatIsNotTextIsAnAnalysisError) {
  write("binary.cpp", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\xff\xfe", 14) +
                          std::string(200, '\0'));
  CommandResult R = corolintStderr("binary.cpp" + flags() + " 2>&1");
  EXPECT_EQ(R.Status, 3) << R.Output;
  EXPECT_NE(R.Output.find("corolint: error: " + path("binary.cpp") +
                          ": could not be analysed (it does not compile)"),
            std::string::npos)
      << R.Output;
}

TEST_F(BadInputTest, CacheDirectoryThatIsAFileCostsOnlySpeed) {
  write("bad.cpp", BadCode);
  database({"bad.cpp"});
  write("cache", "a file, not a directory");
  CommandResult R = corolint("-p build --cache-dir cache bad.cpp");
  EXPECT_EQ(R.Status, 1) << "the findings are still reported\n" << R.Output;
  EXPECT_NE(R.Output.find("is discarded without being awaited"),
            std::string::npos)
      << R.Output;
}

} // namespace
} // namespace corolint::test
