//===----------------------------------------------------------------------===//
//
// corolint-clangd: clangd 19 with the corolint checks linked in.
//
// clangd cannot load clang-tidy plugins, so the check objects are linked into
// this executable and register their module with clang-tidy's registry from
// their static initialiser. Everything else is clangd's own main, from
// Debian's libclangdMain.a; what corolint changes is in CorolintDefaults.cpp
// and BadInputReplies.cpp.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/StringRef.h"

#include <vector>

namespace clang::clangd {
// Declared in clangd's tool/ClangdMain.h, which LLVM does not install.
int clangdMain(int argc, char *argv[]);
} // namespace clang::clangd

/// Whether the user chose clang's resource directory (`--resource-dir`).
static bool hasResourceDir(int argc, char *argv[]) {
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef Arg(argv[I]);
    if (Arg.starts_with("--resource-dir") || Arg.starts_with("-resource-dir"))
      return true;
  }
  return false;
}

int main(int argc, char *argv[]) {
  // clangd looks for clang's builtin headers beside its own binary
  // (<bin>/../lib/clang/N), which is right for /usr/lib/llvm-19/bin/clangd
  // and wrong for this one: name LLVM's, unless the user did.
  static char ResourceDir[] = "--resource-dir=" COROLINT_RESOURCE_DIR;
  std::vector<char *> Args(argv, argv + argc);
  if (!hasResourceDir(argc, argv))
    Args.push_back(ResourceDir);
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size() - 1),
                                   Args.data());
}
