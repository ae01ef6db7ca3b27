// Uses an installed aio through find_package(aio): runs one task to completion.
#include <aio/aio.hpp>

static aio::task<int> answer() {
  co_await aio::sleep(std::chrono::milliseconds(1));
  co_return 42;
}

int main() { return aio::run(answer()) == 42 ? 0 : 1; }
