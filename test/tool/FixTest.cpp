//===----------------------------------------------------------------------===//
//
// --fix: --dry-run and idempotence.
//
//===----------------------------------------------------------------------===//

#include "ScratchProject.h"

namespace corolint::test {
namespace {

using FixTest = ScratchProject;

TEST_F(FixTest, DryRunPrintsADiffAndWritesNothing) {
  std::string File = write("bad.cpp", BadCode);
  CommandResult R = corolintStdout("--fix --dry-run bad.cpp" + flags());
  EXPECT_EQ(R.Status, 1);
  EXPECT_NE(R.Output.find("--- " + File + "\n+++ " + File + "\n"
                          "@@ -1,6 +1,6 @@\n"
                          " #include \"mini.h\"\n"
                          " mini::task<int> compute();\n"
                          " mini::task<> bad() {\n"
                          "-  compute();\n"
                          "+  co_await compute();\n"
                          "   co_return;\n"
                          " }\n"),
            std::string::npos)
      << R.Output;
  EXPECT_EQ(readFile(File), BadCode);
  R = corolint("--dry-run bad.cpp" + flags());
  EXPECT_EQ(R.Status, 2) << R.Output;
}

TEST_F(FixTest, ASecondFixChangesNothing) {
  std::string File = write("bad.cpp", BadCode);
  corolint("--fix bad.cpp" + flags());
  std::string Fixed = readFile(File);
  EXPECT_NE(Fixed, BadCode);
  CommandResult R = corolint("--fix bad.cpp" + flags());
  EXPECT_EQ(R.Status, 0) << R.Output;
  EXPECT_EQ(readFile(File), Fixed);
}

} // namespace
} // namespace corolint::test
