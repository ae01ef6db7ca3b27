// aio::cancelled_error: what a cancelled suspension point throws.
#pragma once

#include <exception>

#include "aio/roles.hpp"

namespace aio {

/// Thrown from the suspension point a task is cancelled at.
///
/// Cancelling a unit of work (join_handle::cancel, a failing gather or
/// task_group sibling, loop shutdown, a cancelled parent) marks it; the
/// operation it is suspended in (sleep, readiness wait, join, gather, ...) or
/// the next one it reaches then throws cancelled_error, once. Code may catch
/// it to clean up, but should rethrow: swallowing it makes the task look as
/// if it completed normally. Wrap a critical section in aio::shield to defer
/// cancellation past it.
///
/// corolint role: `cancellation` (catching it without rethrowing is a finding).
class AIO_ROLE(cancellation) cancelled_error : public std::exception {
public:
  [[nodiscard]] const char* what() const noexcept override { return "aio: task cancelled"; }
};

}  // namespace aio
