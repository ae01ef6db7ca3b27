//===----------------------------------------------------------------------===//
//
// applyFixes: a file that changed on disk since it was analysed is refused
// and left as it is; an unchanged one is fixed.
//
//===----------------------------------------------------------------------===//

#include "FixApplier.h"
#include "Runner.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

namespace corolint {
namespace {

class FixApplierTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("fix-applier", Dir));
    File = (Dir + "/code.cpp").str();
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }

  void write(llvm::StringRef Text) {
    std::error_code EC;
    llvm::raw_fd_ostream Out(File, EC);
    ASSERT_FALSE(EC);
    Out << Text;
  }
  std::string read() {
    auto Buffer = llvm::MemoryBuffer::getFile(File);
    return Buffer ? (*Buffer)->getBuffer().str() : "<unreadable>";
  }
  /// A finding whose fix turns `1` at offset 8 into `2`.
  std::vector<Finding> findings() {
    Finding F;
    F.Check = "corolint-unawaited-task";
    F.Fixes.push_back(TextEdit{File, 8, 1, "2"});
    return {F};
  }

  llvm::SmallString<128> Dir;
  std::string File;
};

const char *const Analysed = "int a = 1;\n";

TEST_F(FixApplierTest, AFileUnchangedSinceTheAnalysisIsFixed) {
  write(Analysed);
  FixRequest Request;
  Request.AnalysedHashes[File] = contentHash(Analysed);
  FixSummary Summary = applyFixes(findings(), Request);
  EXPECT_TRUE(Summary.Problems.empty());
  EXPECT_EQ(Summary.FilesChanged, 1u);
  EXPECT_EQ(read(), "int a = 2;\n");
}

TEST_F(FixApplierTest, AFileThatChangedOnDiskIsRefusedAndLeftAlone) {
  write("int a = 10; // edited in the editor meanwhile\n");
  FixRequest Request;
  Request.AnalysedHashes[File] = contentHash(Analysed);
  FixSummary Summary = applyFixes(findings(), Request);
  ASSERT_EQ(Summary.Problems.size(), 1u);
  EXPECT_EQ(Summary.Problems[0],
            File + ": not fixed: the file changed on disk since it was "
                   "analysed; run corolint again");
  EXPECT_EQ(Summary.FilesChanged, 0u);
  EXPECT_EQ(Summary.FindingsFixed, 0u);
  EXPECT_EQ(read(), "int a = 10; // edited in the editor meanwhile\n");
}

TEST_F(FixApplierTest, AFileNeverAnalysedIsRefused) {
  write(Analysed);
  FixSummary Summary = applyFixes(findings(), FixRequest{});
  ASSERT_EQ(Summary.Problems.size(), 1u);
  EXPECT_EQ(read(), Analysed);
}

} // namespace
} // namespace corolint
