// Debug-mode switch and stderr reporting shared by the runtime.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <source_location>
#include <string>

namespace aio::detail {

/// Set while a loop in debug mode runs on this thread (aio::run_options::debug
/// or AIO_DEBUG=1 in the environment).
inline thread_local bool loop_debug = false;

[[nodiscard]] inline bool debug_enabled() noexcept { return loop_debug; }

/// AIO_DEBUG set to anything but "" or "0" turns debug mode on.
[[nodiscard]] inline bool debug_from_env() noexcept {
  const char* v = std::getenv("AIO_DEBUG");
  return v != nullptr && *v != '\0' && std::strcmp(v, "0") != 0;
}

/// Writes one diagnostic line to stderr in a single call, so lines from
/// several threads do not interleave.
inline void report(const std::string& line) {
  std::string out = line;
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stderr);
  std::fflush(stderr);
}

[[nodiscard]] inline std::string describe(std::source_location loc) {
  return std::string(loc.file_name()) + ":" + std::to_string(loc.line());
}

/// In debug mode, the origin (aio::run or spawn call site) of the unit whose
/// step the loop is running on this thread; line 0 between steps.
inline thread_local std::source_location debug_step_origin{};

/// "aio: task <function> (defined at <file>:<line>) was destroyed without
/// ever being awaited", plus the unit whose step destroyed it when known.
/// `where` is the coroutine's own location (promise_base::where()).
inline void report_never_awaited(std::source_location where) {
  std::string line = "aio: task ";
  line += where.function_name();
  line += " (defined at " + describe(where) + ") was destroyed without ever being awaited";
  if (debug_step_origin.line() != 0) line += " (in a step of the task started at " + describe(debug_step_origin) + ")";
  report(line);
}

[[nodiscard]] inline std::string describe(const void* p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%p", p);
  return buf;
}

}  // namespace aio::detail
