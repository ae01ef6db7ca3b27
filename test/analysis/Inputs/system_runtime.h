// Found through -isystem by TranslationUnitAnalysisTest: a runtime header
// whose coroutines are not the user's.
#pragma once
#include "task.h"
namespace sys {
inline t::task<> runtime_internal() { co_await t::sleep(); }
} // namespace sys
