// Role annotations: how aio tells corolint what each entry point means.
//
// corolint learns a runtime's API from roles (see docs/roles.md). aio declares
// its own roles in code, the way Clang's thread-safety analysis reads
// capability attributes: each public entry point carries AIO_ROLE(name), which
// under Clang becomes [[clang::annotate("corolint::name")]] and under other
// compilers expands to nothing, so GCC builds stay warning-free.
#pragma once

#if defined(__clang__)
#define AIO_ROLE(name) [[clang::annotate("corolint::" #name)]]
#else
#define AIO_ROLE(name)
#endif
