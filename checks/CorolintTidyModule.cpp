//===----------------------------------------------------------------------===//
//
// The corolint clang-tidy module: registration only, one row per check in
// CheckList.def.
//
//===----------------------------------------------------------------------===//

// One include per row of CheckList.def, sorted.
#include "BlockingCallCheck.h"
#include "BusyWaitCheck.h"
#include "DanglingReferenceCheck.h"
#include "FireAndForgetCheck.h"
#include "LockAcrossSuspendCheck.h"
#include "LoopWithoutSuspensionCheck.h"
#include "LostExceptionCheck.h"
#include "MissingTimeoutCheck.h"
#include "NestedRunCheck.h"
#include "SequentialAwaitCheck.h"
#include "SwallowedCancellationCheck.h"
#include "ThreadLocalAcrossSuspendCheck.h"
#include "UnawaitedTaskCheck.h"
#include "UnboundedConcurrencyCheck.h"
#include "UnguardedSharedStateCheck.h"

#include <clang-tidy/ClangTidyModule.h>
#include <clang-tidy/ClangTidyModuleRegistry.h>

namespace clang::tidy::corolint {
namespace {

class CorolintModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
#define COROLINT_CHECK(NAME, CLASS, SUMMARY)                                   \
  Factories.registerCheck<CLASS>("corolint-" NAME);
#include "CheckList.def"
  }
};

} // namespace

// Registers the module with clang-tidy's registry when the object file is
// loaded: by dlopen in the plugin, by the linker in the tool (the module is
// an OBJECT library, so this file is always linked and no anchor is needed).
static ClangTidyModuleRegistry::Add<CorolintModule>
    Registration("corolint", "Adds the corolint coroutine checks.");

} // namespace clang::tidy::corolint
