//===----------------------------------------------------------------------===//
//
// The result cache: hits, what invalidates an entry, corrupt entries,
// concurrent runs, --no-cache.
//
//===----------------------------------------------------------------------===//

#include "ScratchProject.h"

namespace corolint::test {
namespace {

using CacheTest = ScratchProject;

static unsigned entries(const fs::path &Dir) {
  unsigned N = 0;
  if (fs::exists(Dir))
    for ([[maybe_unused]] const auto &E : fs::directory_iterator(Dir))
      ++N;
  return N;
}

TEST_F(CacheTest, UnchangedFilesComeFromTheCacheBesideTheDatabase) {
  write("src/a.cpp", "#include \"lib.h\"\n" + std::string(BadCode));
  write("src/b.cpp", CleanCode);
  write("src/lib.h", "#pragma once\n");
  database({"src/a.cpp", "src/b.cpp"});
  CommandResult Cold = corolint("-p build src");
  EXPECT_EQ(Cold.Status, 1) << Cold.Output;
  EXPECT_EQ(entries(Dir / "build/.corolint-cache"), 2u);
  CommandResult Warm = corolint("-p build src");
  EXPECT_EQ(Warm.Status, 1) << Warm.Output;
  EXPECT_NE(Warm.Output.find("(2 from the cache)"), std::string::npos)
      << Warm.Output;
  EXPECT_EQ(corolintStdout("-p build src").Output,
            corolintStdout("--no-cache -p build src").Output);

  // A header change invalidates the file that includes it, only that one.
  write("src/lib.h", "#pragma once\n// changed\n");
  CommandResult R = corolint("-p build src");
  EXPECT_NE(R.Output.find("(1 from the cache)"), std::string::npos)
      << R.Output;
  // So does a configuration change.
  write(".clang-tidy", "Checks: '-corolint-unawaited-task'\n");
  R = corolint("-p build src");
  EXPECT_EQ(R.Status, 0) << R.Output;
  EXPECT_EQ(R.Output.find("from the cache"), std::string::npos) << R.Output;
  // And the checks and options of the command line.
  R = corolint("--checks=corolint-* -p build src");
  EXPECT_EQ(R.Status, 1) << R.Output;
  EXPECT_EQ(R.Output.find("from the cache"), std::string::npos) << R.Output;
}

TEST_F(CacheTest, CorruptOrTruncatedEntriesAreIgnoredAndRebuilt) {
  write("bad.cpp", BadCode);
  database({"bad.cpp"});
  CommandResult Cold = corolint("-p build bad.cpp");
  fs::path Cache = Dir / "build/.corolint-cache";
  ASSERT_EQ(entries(Cache), 1u) << Cold.Output;
  fs::path Entry = fs::directory_iterator(Cache)->path();
  std::string Good = readFile(Entry.string());
  // A finding removed from the body, the checksum left as it was.
  std::string Tampered = Good;
  Tampered.replace(Tampered.find("discarded"), 9, "forgotten");
  for (const std::string &Bad :
       {Good.substr(0, Good.size() / 2), Tampered, std::string("garbage")}) {
    std::ofstream(Entry, std::ios::trunc) << Bad;
    CommandResult R = corolint("-p build bad.cpp");
    EXPECT_EQ(R.Status, 1) << R.Output;
    EXPECT_EQ(R.Output.find("from the cache"), std::string::npos) << R.Output;
    EXPECT_NE(R.Output.find("is discarded without being awaited"),
              std::string::npos)
        << R.Output;
    EXPECT_EQ(readFile(Entry.string()), Good) << "the entry was rebuilt";
  }
}

TEST_F(CacheTest, ConcurrentRunsSharingACacheAgree) {
  std::vector<std::string> Files;
  for (int I = 0; I < 4; ++I) {
    Files.push_back("f" + std::to_string(I) + ".cpp");
    write(Files.back(), BadCode);
  }
  database(Files);
  shell("for i in 1 2 3; do " + Tool +
        " -j 2 --cache-dir shared -p build . > run$i.txt 2>&1 & done; wait");
  for (int I = 1; I <= 3; ++I) {
    std::string Out = readFile(path("run" + std::to_string(I) + ".txt"));
    EXPECT_NE(Out.find("4 finding(s) in 4 file(s)"), std::string::npos)
        << Out;
  }
  EXPECT_EQ(entries(Dir / "shared"), 4u);
  CommandResult Warm = corolint("--cache-dir shared -p build .");
  EXPECT_NE(Warm.Output.find("4 finding(s) in 4 file(s) (4 from the cache)"),
            std::string::npos)
      << Warm.Output;
}

TEST_F(CacheTest, NoCacheWritesNothing) {
  write("bad.cpp", BadCode);
  database({"bad.cpp"});
  corolint("--no-cache -p build bad.cpp");
  EXPECT_FALSE(fs::exists(Dir / "build/.corolint-cache"));
}

} // namespace
} // namespace corolint::test
