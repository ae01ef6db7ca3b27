//===----------------------------------------------------------------------===//
//
// -j and the order of findings; the output formats (text with caret and
// colour, JSON, SARIF validated against the official schema, GitHub
// annotations); --output; fingerprints.
//
//===----------------------------------------------------------------------===//

#include "ScratchProject.h"

namespace corolint::test {
namespace {

using OutputTest = ScratchProject;

const std::string Schema =
    std::string(COROLINT_SOURCE_DIR) + "/test/tool/sarif-schema-2.1.0.json";
const std::string Validator =
    std::string(COROLINT_SOURCE_DIR) + "/test/tool/validate_sarif.py";

/// Validates \p Path against the SARIF 2.1.0 schema; "" when valid.
static std::string sarifProblems(const std::string &Path) {
  CommandResult R = runCommand("python3 " + shellQuote(Validator) + " " +
                               shellQuote(Schema) + " " + shellQuote(Path));
  return R.Status == 0 ? "" : R.Output;
}

TEST_F(OutputTest, FindingsAreInTheSameOrderWhateverJIs) {
  std::vector<std::string> Files;
  for (int I = 0; I < 6; ++I) {
    Files.push_back("src/f" + std::to_string(I) + ".cpp");
    write(Files.back(), BadCode);
  }
  database(Files);
  CommandResult One = corolintStdout("-j 1 -p build src");
  CommandResult Three = corolintStdout("-j 3 -p build src");
  EXPECT_EQ(One.Status, 1);
  EXPECT_EQ(Three.Status, 1);
  EXPECT_EQ(One.Output, Three.Output);
  size_t Previous = 0;
  for (const std::string &F : Files) {
    size_t At = One.Output.find(F + ":4:3:");
    ASSERT_NE(At, std::string::npos) << F << "\n" << One.Output;
    EXPECT_GE(At, Previous) << "sorted by file";
    Previous = At;
  }
}

TEST_F(OutputTest, OneFailingFileDoesNotStopTheOthers) {
  write("broken.cpp", "int main() { return undeclared; }\n");
  write("bad.cpp", BadCode);
  CommandResult R = corolint("-j 2 broken.cpp bad.cpp" + flags());
  EXPECT_EQ(R.Status, 3) << R.Output;
  EXPECT_NE(R.Output.find("bad.cpp:4:3: warning:"), std::string::npos)
      << R.Output;
}

TEST_F(OutputTest, AFileThatCrashesTheCompilerCostsOnlyThatFile) {
  // Clang's own pragma for crashing the compiler, on purpose.
  write("crash.cpp", "#pragma clang __debug crash\nint x;\n");
  write("bad.cpp", BadCode);
  CommandResult R = corolint("--no-cache -j 2 crash.cpp bad.cpp" + flags());
  EXPECT_EQ(R.Status, 3) << R.Output;
  EXPECT_NE(R.Output.find("crash.cpp: the analysis crashed"),
            std::string::npos)
      << R.Output;
  EXPECT_NE(R.Output.find("bad.cpp:4:3: warning:"), std::string::npos)
      << R.Output;
  EXPECT_NE(R.Output.find("1 finding(s) in 1 file(s), 1 file(s) not "
                          "analysed"),
            std::string::npos)
      << R.Output;
}

TEST_F(OutputTest, ProgressLineOnATerminalPlainLinesWithVerbose) {
  if (runCommand("command -v script").Status != 0)
    GTEST_SKIP() << "script(1) is not installed: no terminal to test with";
  write("a.cpp", BadCode);
  write("b.cpp", CleanCode);
  // script(1) gives corolint a terminal on stderr; stdout goes to a file.
  CommandResult R = shell("script -qec " +
                          shellQuote(Tool + " --no-cache -j 1 a.cpp b.cpp" +
                                     flags() + " > out.txt") +
                          " /dev/null");
  EXPECT_NE(R.Output.find("\r\033[K[1/2] a.cpp"), std::string::npos)
      << R.Output;
  EXPECT_NE(R.Output.find("\r\033[K[2/2] b.cpp"), std::string::npos)
      << R.Output;
  // Not a terminal: nothing extra.
  R = corolintStderr("--no-cache a.cpp b.cpp" + flags());
  EXPECT_EQ(R.Output, "corolint: 1 finding(s) in 2 file(s)\n");
  R = corolintStderr("--verbose --no-cache -j 1 a.cpp b.cpp" + flags());
  EXPECT_EQ(R.Output, "corolint: [1/2] a.cpp (analysed)\n"
                      "corolint: [2/2] b.cpp (analysed)\n"
                      "corolint: 1 finding(s) in 2 file(s)\n");
}

TEST_F(OutputTest, TextHasCaretFixItAndColourOnRequest) {
  write("bad.cpp", BadCode);
  CommandResult R = corolintStdout("--color=never bad.cpp" + flags());
  EXPECT_NE(R.Output.find("  compute();\n  ^\n  co_await \n"),
            std::string::npos)
      << R.Output;
  EXPECT_EQ(R.Output.find("\033["), std::string::npos) << "no colour in a pipe";
  R = corolintStdout("--color=always bad.cpp" + flags());
  EXPECT_NE(R.Output.find("\033[1m"), std::string::npos) << R.Output;
  R = corolint("--color=sometimes bad.cpp" + flags());
  EXPECT_EQ(R.Status, 2) << R.Output;
}

TEST_F(OutputTest, JsonReportIsDocumentedJson) {
  write("bad.cpp", BadCode);
  CommandResult R = corolint("--format=json --output out.json bad.cpp" +
                             flags());
  EXPECT_EQ(R.Status, 1) << R.Output;
  std::string Json = readFile(path("out.json"));
  EXPECT_NE(Json.find("\"schema\": \"corolint-report\""), std::string::npos)
      << Json;
  EXPECT_NE(Json.find("\"version\": 1"), std::string::npos) << Json;
  EXPECT_NE(Json.find("\"file\": \"bad.cpp\""), std::string::npos) << Json;
  EXPECT_NE(Json.find("\"replacement\": \"co_await \""), std::string::npos)
      << Json;
  CommandResult Parse = shell(
      "python3 -c 'import json,sys; r=json.load(open(\"out.json\")); "
      "f=r[\"findings\"][0]; "
      "sys.exit(0 if (f[\"line\"],f[\"column\"],f[\"check\"])==(4,3,"
      "\"corolint-unawaited-task\") and len(f[\"fingerprint\"])==32 else 1)'");
  EXPECT_EQ(Parse.Status, 0) << Parse.Output << Json;
}

TEST_F(OutputTest, SarifValidatesAgainstTheOfficialSchema) {
  write("bad.cpp", BadCode);
  write("spawn.cpp", R"(#include "mini.h"
mini::task<int> compute();
mini::task<> f() {
  mini::spawn(compute());
  co_return;
}
)");
  write("broken.cpp", "int main() { return undeclared; }\n");
  CommandResult R = corolint("--format=sarif --output out.sarif bad.cpp "
                             "spawn.cpp broken.cpp" + flags());
  EXPECT_EQ(R.Status, 3) << R.Output;
  EXPECT_EQ(sarifProblems(path("out.sarif")), "");
  std::string Sarif = readFile(path("out.sarif"));
  for (const char *Expected :
       {"\"version\": \"2.1.0\"", "\"id\": \"corolint-blocking-call\"",
        "\"id\": \"corolint-unawaited-task\"", "\"uriBaseId\": \"%SRCROOT%\"",
        "\"uri\": \"bad.cpp\"", "\"corolint/v1\"", "\"insertedContent\"",
        "\"startLine\": 4", "\"executionSuccessful\": false",
        "\"shortDescription\"", "\"fullDescription\""})
    EXPECT_NE(Sarif.find(Expected), std::string::npos) << Expected;
}

TEST_F(OutputTest, SarifRulesLinkTheirPageWithDocsUrl) {
  write("bad.cpp", BadCode);
  CommandResult R = corolint(
      "--format=sarif --output out.sarif "
      "--docs-url https://example.org/corolint/docs/checks/ bad.cpp" +
      flags());
  EXPECT_EQ(R.Status, 1) << R.Output;
  EXPECT_EQ(sarifProblems(path("out.sarif")), "");
  std::string Sarif = readFile(path("out.sarif"));
  for (const char *Expected :
       {"\"helpUri\": \"https://example.org/corolint/docs/checks/"
        "unawaited-task.md\"",
        "\"helpUri\": \"https://example.org/corolint/docs/checks/"
        "blocking-call.md\""})
    EXPECT_NE(Sarif.find(Expected), std::string::npos) << Expected;
  // One helpUri per rule, and without the option none.
  size_t Rules = 0, Links = 0;
  for (size_t At = Sarif.find("\"shortDescription\""); At != std::string::npos;
       At = Sarif.find("\"shortDescription\"", At + 1))
    ++Rules;
  for (size_t At = Sarif.find("\"helpUri\""); At != std::string::npos;
       At = Sarif.find("\"helpUri\"", At + 1))
    ++Links;
  EXPECT_GT(Rules, 0u);
  EXPECT_EQ(Links, Rules);
  corolint("--format=sarif --output plain.sarif bad.cpp" + flags());
  EXPECT_EQ(readFile(path("plain.sarif")).find("\"helpUri\""),
            std::string::npos);
}

TEST_F(OutputTest, GithubFormatIsOneWorkflowCommandPerFinding) {
  write("bad.cpp", BadCode);
  CommandResult R = corolintStdout("--format=github bad.cpp" + flags());
  EXPECT_EQ(R.Status, 1);
  EXPECT_EQ(R.Output,
            "::warning file=bad.cpp,line=4,col=3,title=corolint-unawaited-"
            "task::task returned by 'compute' is discarded without being "
            "awaited\n");
}

TEST_F(OutputTest, OutputIntoAMissingDirectoryIsAnErrorAndWritesNothing) {
  write("bad.cpp", BadCode);
  CommandResult R = corolint("--format=json --output nowhere/out.json "
                             "bad.cpp" + flags());
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_EQ(R.Output, "corolint: error: cannot write 'nowhere/out.json': "
                      "directory 'nowhere' does not exist\n");
  EXPECT_FALSE(fs::exists(Dir / "nowhere"));
}

TEST_F(OutputTest, OutputFileIsReplacedWholeAndNoTemporaryIsLeft) {
  write("bad.cpp", BadCode);
  write("out.txt", "old contents\n");
  CommandResult R = corolint("--output out.txt bad.cpp" + flags());
  EXPECT_EQ(R.Status, 1) << R.Output;
  std::string Text = readFile(path("out.txt"));
  EXPECT_EQ(Text.find("old contents"), std::string::npos);
  EXPECT_NE(Text.find("bad.cpp:4:3: warning:"), std::string::npos) << Text;
  for (const auto &E : fs::directory_iterator(Dir))
    EXPECT_EQ(E.path().filename().string().find(".corolint-"),
              std::string::npos)
        << E.path();
}

/// The fingerprint of the only finding of a JSON report.
static std::string fingerprintIn(const std::string &Json) {
  size_t At = Json.find("\"fingerprint\": \"");
  return At == std::string::npos ? "" : Json.substr(At + 16, 32);
}

TEST_F(OutputTest, FingerprintSurvivesLinesInsertedAbove) {
  write("bad.cpp", BadCode);
  std::string Before =
      corolintStdout("--format=json bad.cpp" + flags()).Output;
  write("bad.cpp", std::string("// a comment\n\n// another\n") + BadCode);
  std::string After = corolintStdout("--format=json bad.cpp" + flags()).Output;
  ASSERT_FALSE(fingerprintIn(Before).empty()) << Before;
  EXPECT_NE(After.find("\"line\": 7"), std::string::npos) << After;
  EXPECT_EQ(fingerprintIn(Before), fingerprintIn(After));
  // Another function around the same line is another finding.
  std::string Renamed = BadCode;
  Renamed.replace(Renamed.find("bad()"), 5, "other()");
  write("bad.cpp", Renamed);
  std::string Other = corolintStdout("--format=json bad.cpp" + flags()).Output;
  EXPECT_NE(fingerprintIn(Before), fingerprintIn(Other));
}

} // namespace
} // namespace corolint::test
