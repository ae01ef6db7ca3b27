//===----------------------------------------------------------------------===//
//
// The result cache: one entry per analysed file, so an unchanged file is not
// analysed again. An entry is found by a key over everything known before
// the analysis that can change its result: the corolint and LLVM version,
// the file, its compile command, the checks and check options of the command
// line, and the contents of every `.clang-tidy` and `.corolint.yaml` above
// the file (or the --config file) and of the runtime model files that
// configuration resolves to. The entry then lists every file the compiler
// read (the translation unit with all its headers) with its content hash;
// it is used only if each of them still has that hash.
//
// Entries are written atomically (temporary file + rename), so concurrent
// runs sharing a cache never see half an entry; an entry starts with a hash
// of its own body, so a corrupt or truncated one is ignored (and rewritten)
// rather than trusted.
//
// Not covered: a header newly created earlier on the include path than the
// one used (the key holds what was read, not what was looked for).
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TOOL_RESULTCACHE_H
#define COROLINT_TOOL_RESULTCACHE_H

#include "Runner.h"

#include "llvm/ADT/StringMap.h"

#include <mutex>
#include <optional>
#include <string>

namespace corolint {

class ResultCache {
public:
  explicit ResultCache(std::string Dir) : Dir(std::move(Dir)) {}

  /// The key of analysing \p File with \p Command under \p Options.
  std::string key(const std::string &File,
                  const clang::tooling::CompileCommand &Command,
                  const RunOptions &Options);
  /// The stored result for \p Key if every input it lists is unchanged.
  std::optional<FileResult> lookup(const std::string &Key);
  /// Stores \p Result; failures to write only cost speed and are ignored.
  void store(const std::string &Key, const FileResult &Result);

  const std::string &directory() const { return Dir; }

private:
  /// Content hash of \p Path ("" if unreadable), once per run.
  std::string hashOf(const std::string &Path);
  std::string entryPath(const std::string &Key) const;

  std::string Dir;
  std::mutex Mutex;
  llvm::StringMap<std::string> Hashes;
};

/// An entry's text around \p Body: the magic line with the body's hash.
std::string cacheEntryFromBody(llvm::StringRef Body);
/// The text of the cache entry holding \p Result: a magic line with the hash
/// of the body, then the body (FindingJson.h).
std::string renderCacheEntry(const FileResult &Result);
/// The result stored in a cache entry's text, or std::nullopt when the text is
/// not a complete, uncorrupted entry (a cache miss, never an error).
std::optional<FileResult> parseCacheEntry(llvm::StringRef Text);

} // namespace corolint

#endif
