//===----------------------------------------------------------------------===//
//
// The result cache.
//
//===----------------------------------------------------------------------===//

#include "ResultCache.h"
#include "AtomicFile.h"
#include "FindingJson.h"
#include "Report.h"

#include "analysis/Roles.h"
#include "analysis/RuntimeModels.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"

namespace corolint {

static constexpr llvm::StringLiteral Magic = "corolint-cache-v1 ";

std::string ResultCache::hashOf(const std::string &Path) {
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    if (auto It = Hashes.find(Path); It != Hashes.end())
      return It->second;
  }
  std::string Hash;
  if (auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false))
    Hash = contentHash((*Buffer)->getBuffer());
  std::lock_guard<std::mutex> Lock(Mutex);
  Hashes[Path] = Hash;
  return Hash;
}

std::string ResultCache::key(const std::string &File,
                             const clang::tooling::CompileCommand &Command,
                             const RunOptions &Options) {
  llvm::SHA256 H;
  auto Add = [&H](llvm::StringRef Part) {
    H.update(Part);
    H.update(llvm::StringRef("\0", 1));
  };
  Add(corolintVersion());
  Add(File);
  Add(Command.Directory);
  for (const std::string &Arg : Command.CommandLine)
    Add(Arg);
  Add(Options.Checks);
  Add(Options.ResourceDir);
  for (const auto &[Key, Value] : Options.CheckOptions) {
    Add(Key);
    Add(Value);
  }
  // Every configuration file above the file, present or not.
  llvm::SmallString<256> Dir(File);
  llvm::sys::path::remove_filename(Dir);
  while (!Dir.empty()) {
    for (llvm::StringRef Name : {".clang-tidy", ".corolint.yaml"}) {
      llvm::SmallString<256> Candidate(Dir);
      llvm::sys::path::append(Candidate, Name);
      std::string Hash = hashOf(std::string(Candidate));
      if (!Hash.empty()) {
        Add(Candidate);
        Add(Hash);
      }
    }
    llvm::StringRef Parent = llvm::sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  auto Config = clang::tidy::corolint::analysis::configForFile(
      Options.ConfigFile, File);
  if (const auto *Roles =
          std::get_if<clang::tidy::corolint::analysis::RoleConfig>(
              Config.get())) {
    Add(Roles->Path);
    Add(hashOf(Roles->Path));
    for (const auto &Model : Roles->Models)
      if (Model && !Model->Path.empty()) {
        Add(Model->Path);
        Add(hashOf(Model->Path));
      }
  }
  auto Digest = H.final();
  return llvm::toHex(llvm::ArrayRef(Digest).take_front(20),
                     /*LowerCase=*/true);
}

std::string ResultCache::entryPath(const std::string &Key) const {
  llvm::SmallString<256> P(Dir);
  llvm::sys::path::append(P, Key + ".json");
  return std::string(P);
}

std::optional<FileResult> ResultCache::lookup(const std::string &Key) {
  auto Buffer = llvm::MemoryBuffer::getFile(entryPath(Key), /*IsText=*/false);
  if (!Buffer)
    return std::nullopt;
  auto Result = parseCacheEntry((*Buffer)->getBuffer());
  if (!Result)
    return std::nullopt;
  for (const auto &[Path, InputHash] : Result->Inputs)
    if (hashOf(Path) != InputHash)
      return std::nullopt;
  return Result;
}

void ResultCache::store(const std::string &Key, const FileResult &Result) {
  if (Result.Inputs.empty() || !Result.Failure.empty())
    return;
  if (llvm::sys::fs::create_directories(Dir))
    return;
  (void)writeFileAtomically(entryPath(Key), renderCacheEntry(Result));
}

std::string cacheEntryFromBody(llvm::StringRef Body) {
  return Magic.str() + contentHash(Body) + "\n" + Body.str();
}

std::string renderCacheEntry(const FileResult &Result) {
  return cacheEntryFromBody(llvm::formatv("{0}", toJson(Result)).str());
}

std::optional<FileResult> parseCacheEntry(llvm::StringRef Text) {
  if (!Text.consume_front(Magic))
    return std::nullopt;
  auto [Hash, Body] = Text.split('\n');
  if (Hash != contentHash(Body))
    return std::nullopt; // corrupt or truncated: never trusted
  std::string Error;
  auto Parsed = parseJsonText(Body, "cache entry", Error);
  if (!Parsed)
    return std::nullopt;
  auto Result = fileResultFromJson(*Parsed);
  if (!Result || Result->Inputs.empty())
    return std::nullopt;
  return Result;
}

} // namespace corolint
