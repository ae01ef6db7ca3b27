//===----------------------------------------------------------------------===//
//
// The CI gate: --write-baseline, --baseline, --baseline-prune, and bad
// baselines.
//
//===----------------------------------------------------------------------===//

#include "ScratchProject.h"

namespace corolint::test {
namespace {

using BaselineTest = ScratchProject;

const char *TwoFunctions = R"(#include "mini.h"
mini::task<int> compute();
mini::task<> first() {
  compute();
  co_return;
}
mini::task<> second() {
  co_await compute();
}
)";

TEST_F(BaselineTest, OnlyNewFindingsFailTheGate) {
  write("code.cpp", TwoFunctions);
  CommandResult R = corolint("--write-baseline base.json code.cpp" + flags());
  EXPECT_EQ(R.Status, 0) << R.Output;
  std::string Written = readFile(path("base.json"));
  EXPECT_NE(Written.find("\"schema\": \"corolint-baseline\""),
            std::string::npos)
      << Written;
  EXPECT_NE(Written.find("\"file\": \"code.cpp\""), std::string::npos);
  // Stable: writing it again gives the same bytes.
  corolint("--write-baseline base.json code.cpp" + flags());
  EXPECT_EQ(readFile(path("base.json")), Written);

  R = corolint("--baseline base.json code.cpp" + flags());
  EXPECT_EQ(R.Status, 0) << R.Output;
  EXPECT_NE(R.Output.find("0 new finding(s) in 1 file(s), 1 in the baseline"),
            std::string::npos)
      << R.Output;

  // Lines inserted above: the finding moved, it is still baselined.
  write("code.cpp", std::string("// header comment\n// more\n") +
                        TwoFunctions);
  R = corolint("--baseline base.json code.cpp" + flags());
  EXPECT_EQ(R.Status, 0) << R.Output;

  // The same mistake again in the same function is new.
  std::string Twice = TwoFunctions;
  Twice.replace(Twice.find("  compute();\n"), 13,
                "  compute();\n  compute();\n");
  write("code.cpp", Twice);
  R = corolint("--baseline base.json code.cpp" + flags());
  EXPECT_EQ(R.Status, 1) << R.Output;
  EXPECT_NE(R.Output.find("1 new finding(s)"), std::string::npos) << R.Output;
  EXPECT_NE(R.Output.find("code.cpp:5:3: warning:"), std::string::npos)
      << "the second one is reported\n"
      << R.Output;
  EXPECT_EQ(R.Output.find("code.cpp:4:3: warning:"), std::string::npos)
      << R.Output;

  // A new mistake in another function is new too.
  std::string Elsewhere = TwoFunctions;
  Elsewhere.replace(Elsewhere.find("  co_await compute();\n"), 22,
                    "  compute();\n  co_return;\n");
  write("code.cpp", Elsewhere);
  R = corolint("--baseline base.json code.cpp" + flags());
  EXPECT_EQ(R.Status, 1) << R.Output;
  EXPECT_NE(R.Output.find("code.cpp:8:3: warning:"), std::string::npos)
      << R.Output;
}

TEST_F(BaselineTest, FixedFindingsAreStaleAndPruned) {
  write("code.cpp", TwoFunctions);
  corolint("--write-baseline base.json code.cpp" + flags());
  write("code.cpp", CleanCode);
  CommandResult R = corolint("--baseline base.json code.cpp" + flags());
  EXPECT_EQ(R.Status, 0) << R.Output;
  EXPECT_NE(R.Output.find("1 baseline entry is stale"), std::string::npos)
      << R.Output;
  R = corolint("--baseline base.json --baseline-prune code.cpp" + flags());
  EXPECT_EQ(R.Status, 0) << R.Output;
  EXPECT_NE(R.Output.find("stale baseline entry: code.cpp: task returned by "
                          "'compute' is discarded without being awaited "
                          "[corolint-unawaited-task]"),
            std::string::npos)
      << R.Output;
  EXPECT_EQ(readFile(path("base.json")).find("corolint-unawaited-task"),
            std::string::npos)
      << "the stale entry was removed";
}

TEST_F(BaselineTest, BadBaselinesAreUsageErrors) {
  write("code.cpp", TwoFunctions);
  write("broken.json", "{ \"schema\": ");
  CommandResult R = corolint("--baseline broken.json code.cpp" + flags());
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_NE(R.Output.find("broken.json:1:13: not valid JSON"),
            std::string::npos)
      << R.Output;
  write("newer.json",
        "{\"schema\": \"corolint-baseline\", \"version\": 99, "
        "\"findings\": []}");
  R = corolint("--baseline newer.json code.cpp" + flags());
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_NE(R.Output.find("newer.json: baseline version 99 is newer than "
                          "this corolint reads"),
            std::string::npos)
      << R.Output;
  R = corolint("--baseline missing.json code.cpp" + flags());
  EXPECT_EQ(R.Status, 2) << R.Output;
  R = corolint("--write-baseline nowhere/base.json code.cpp" + flags());
  EXPECT_EQ(R.Status, 2) << R.Output;
}

} // namespace
} // namespace corolint::test
