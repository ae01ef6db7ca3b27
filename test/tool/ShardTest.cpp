//===----------------------------------------------------------------------===//
//
// --shard K/N and `corolint merge`.
//
//===----------------------------------------------------------------------===//

#include "ScratchProject.h"

namespace corolint::test {
namespace {

using ShardTest = ScratchProject;

const std::string Schema =
    std::string(COROLINT_SOURCE_DIR) + "/test/tool/sarif-schema-2.1.0.json";
const std::string Validator =
    std::string(COROLINT_SOURCE_DIR) + "/test/tool/validate_sarif.py";

class ShardedProject : public ShardTest {
protected:
  void SetUp() override {
    ShardTest::SetUp();
    std::vector<std::string> Files;
    for (int I = 0; I < 8; ++I) {
      Files.push_back("src/f" + std::to_string(I) + ".cpp");
      write(Files.back(), BadCode);
    }
    database(Files);
  }
};

TEST_F(ShardedProject, ShardsPartitionTheFilesAndMergeToTheFullRun) {
  corolint("--no-cache --format=json --output full.json -p build src");
  corolint("--no-cache --format=json --output s1.json --shard 1/3 -p build "
           "src");
  corolint("--no-cache --format=json --output s2.json --shard 2/3 -p build "
           "src");
  corolint("--no-cache --format=json --output s3.json --shard 3/3 -p build "
           "src");
  std::string S1 = readFile(path("s1.json")), S2 = readFile(path("s2.json")),
              S3 = readFile(path("s3.json"));
  // Every shard is a proper part (8 files over 3 shards).
  for (const std::string *S : {&S1, &S2, &S3})
    EXPECT_EQ(S->find("\"filesAnalysed\": 8"), std::string::npos) << *S;
  CommandResult R = corolint("merge merged.json s1.json s2.json s3.json");
  EXPECT_EQ(R.Status, 0) << R.Output;
  EXPECT_EQ(readFile(path("merged.json")), readFile(path("full.json")));

  // SARIF shards merge into a log that still validates.
  corolint("--no-cache --format=sarif --output s1.sarif --shard 1/2 -p build "
           "src");
  corolint("--no-cache --format=sarif --output s2.sarif --shard 2/2 -p build "
           "src");
  R = corolint("merge merged.sarif s1.sarif s2.sarif");
  EXPECT_EQ(R.Status, 0) << R.Output;
  CommandResult Valid = runCommand("python3 " + shellQuote(Validator) + " " +
                                   shellQuote(Schema) + " " +
                                   shellQuote(path("merged.sarif")));
  EXPECT_EQ(Valid.Status, 0) << Valid.Output;
  std::string Merged = readFile(path("merged.sarif"));
  size_t Results = 0;
  for (size_t At = Merged.find("\"ruleId\""); At != std::string::npos;
       At = Merged.find("\"ruleId\"", At + 1))
    ++Results;
  EXPECT_EQ(Results, 8u) << Merged;

  // Baselines of shards merge into the baseline of the full run.
  corolint("--no-cache --write-baseline b1.json --shard 1/2 -p build src");
  corolint("--no-cache --write-baseline b2.json --shard 2/2 -p build src");
  corolint("--no-cache --write-baseline full-base.json -p build src");
  R = corolint("merge base.json b1.json b2.json");
  EXPECT_EQ(R.Status, 0) << R.Output;
  EXPECT_EQ(readFile(path("base.json")), readFile(path("full-base.json")));
}

TEST_F(ShardedProject, AddingAFileMovesOnlyThatFile) {
  corolint("--no-cache --format=json --output before.json --shard 1/2 -p "
           "build src");
  write("src/new.cpp", BadCode);
  std::vector<std::string> Files;
  for (int I = 0; I < 8; ++I)
    Files.push_back("src/f" + std::to_string(I) + ".cpp");
  Files.push_back("src/new.cpp");
  database(Files);
  corolint("--no-cache --format=json --output after.json --shard 1/2 -p "
           "build src");
  std::string Before = readFile(path("before.json"));
  std::string After = readFile(path("after.json"));
  for (int I = 0; I < 8; ++I) {
    std::string Name = "\"src/f" + std::to_string(I) + ".cpp\"";
    EXPECT_EQ(Before.find(Name) == std::string::npos,
              After.find(Name) == std::string::npos)
        << Name;
  }
}

TEST_F(ShardTest, BadShardsAreUsageErrors) {
  write("bad.cpp", BadCode);
  for (const char *Bad : {"0/2", "3/2", "1/0", "x", "1/"}) {
    CommandResult R =
        corolint(std::string("--shard ") + Bad + " bad.cpp" + flags());
    EXPECT_EQ(R.Status, 2) << Bad << "\n" << R.Output;
    EXPECT_NE(R.Output.find("corolint: error: --shard"), std::string::npos)
        << R.Output;
  }
}

TEST_F(ShardTest, MergeRefusesWhatIsNotAReport) {
  write("not.json", "{\"hello\": 1}");
  write("broken.json", "[");
  write("report.json", "{\"schema\": \"corolint-report\", \"version\": 1, "
                       "\"filesAnalysed\": 0, \"findings\": [], "
                       "\"failures\": []}");
  write("base.json", "{\"schema\": \"corolint-baseline\", \"version\": 1, "
                     "\"findings\": []}");
  CommandResult R = corolint("merge out.json not.json");
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_NE(R.Output.find("'not.json' is not a corolint JSON report, SARIF "
                          "log or baseline"),
            std::string::npos)
      << R.Output;
  R = corolint("merge out.json broken.json");
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_NE(R.Output.find("broken.json:1:2: not valid JSON"),
            std::string::npos)
      << R.Output;
  R = corolint("merge out.json report.json base.json");
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_NE(R.Output.find("is not of the same kind"), std::string::npos);
  R = corolint("merge nowhere/out.json report.json");
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_FALSE(fs::exists(Dir / "out.json"));
}

} // namespace
} // namespace corolint::test
