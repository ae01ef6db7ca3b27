//===----------------------------------------------------------------------===//
//
// corolint-clangd: clangd 19 with the corolint checks linked in.
//
// clangd cannot load clang-tidy plugins, so the check objects are linked into
// this executable and register their module with clang-tidy's registry from
// their static initialiser. Everything else is clangd's own main, from
// Debian's libclangdMain.a; the two defaults corolint changes are in
// CorolintDefaults.cpp.
//
//===----------------------------------------------------------------------===//

namespace clang::clangd {
// Declared in clangd's tool/ClangdMain.h, which LLVM does not install.
int clangdMain(int argc, char *argv[]);
} // namespace clang::clangd

int main(int argc, char *argv[]) {
  return clang::clangd::clangdMain(argc, argv);
}
