//===----------------------------------------------------------------------===//
//
// Refuses to run inside a clang-tidy of another LLVM major version.
//
// The plugin links no LLVM library, so its LLVM symbols bind to whatever the
// host clang-tidy loaded. With a different major version the checks register
// and list fine but match nothing (the AST classes differ), and clang-tidy
// silently reports no findings; with an older one the process dies on an
// unresolved symbol. Both are the worst outcome for a linter, so the plugin
// stops the process with a message that says what to do instead.
//
// The host's version is read without linking against any LLVM symbol (a
// direct call to a function that an old LLVM lacks would itself fail to
// resolve): LLVMGetVersion through dlsym (LLVM 16 and later), else the
// version in the soname of the libLLVM the process has loaded.
//
//===----------------------------------------------------------------------===//

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <link.h>

namespace {

struct HostVersion {
  unsigned Major = 0, Minor = 0, Patch = 0;
};

/// Finds "libLLVM-14.so.1" or "libLLVM.so.19.1" among the loaded objects.
int findLibLLVM(struct dl_phdr_info *Info, size_t, void *Data) {
  const char *Name = Info->dlpi_name ? std::strstr(Info->dlpi_name, "libLLVM")
                                     : nullptr;
  if (!Name)
    return 0;
  auto *Version = static_cast<HostVersion *>(Data);
  for (const char *P = Name + 7; *P; ++P)
    if (*P >= '0' && *P <= '9') {
      Version->Major = unsigned(std::strtoul(P, nullptr, 10));
      return 1;
    }
  return 0;
}

HostVersion hostVersion() {
  HostVersion V;
  using GetVersionFn = void (*)(unsigned *, unsigned *, unsigned *);
  if (auto *Get = reinterpret_cast<GetVersionFn>(
          dlsym(RTLD_DEFAULT, "LLVMGetVersion"))) {
    Get(&V.Major, &V.Minor, &V.Patch);
    return V;
  }
  dl_iterate_phdr(findLibLLVM, &V);
  return V;
}

// Runs before the module's registrar and every other static initializer of
// the plugin, so nothing of the plugin touches a foreign LLVM first.
__attribute__((constructor(101))) void refuseForeignLLVM() {
  HostVersion V = hostVersion();
  if (V.Major == COROLINT_LLVM_MAJOR)
    return;
  if (V.Major == 0)
    std::fprintf(stderr,
                 "corolint plugin: built for LLVM %d but loaded into a "
                 "clang-tidy whose LLVM version cannot be determined (older "
                 "than 16?); use clang-tidy-%d\n",
                 COROLINT_LLVM_MAJOR, COROLINT_LLVM_MAJOR);
  else
    std::fprintf(stderr,
                 "corolint plugin: built for LLVM %d but loaded into LLVM "
                 "%u; use clang-tidy-%d or rebuild the plugin against this "
                 "LLVM\n",
                 COROLINT_LLVM_MAJOR, V.Major, COROLINT_LLVM_MAJOR);
  std::_Exit(3);
}

} // namespace
