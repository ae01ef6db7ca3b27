// Umbrella header: every public aio concept.
#pragma once

#include "aio/cancellation.hpp"
#include "aio/concepts.hpp"
#include "aio/event_loop.hpp"
#include "aio/gather.hpp"
#include "aio/outcome.hpp"
#include "aio/readiness.hpp"
#include "aio/roles.hpp"
#include "aio/run.hpp"
#include "aio/shield.hpp"
#include "aio/sleep.hpp"
#include "aio/spawn.hpp"
#include "aio/task.hpp"
#include "aio/task_group.hpp"
#include "aio/timeout.hpp"
