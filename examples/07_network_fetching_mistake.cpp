// Step 7 mistake: reading a response with no timeout.
//
// Connecting and sending the request are bounded, but the read loop is not:
// a server that accepts the connection and then stalls (or a connection
// that silently dies) leaves fetch() suspended forever, and the whole
// gather with it. This program's server does answer, so it completes, but
// nothing would bound it if it did not.
// Found by: corolint-missing-timeout (on the unbounded read).
// Fix: bound the whole request with an aio::timeout_scope (or each read
// with aio::timeout), as in 07_network_fetching.cpp.

#include <aio/aio.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

using namespace std::chrono_literals;

// Answers `requests` requests "GET <path>\n" with "200 <path>\n", one
// connection at a time, and closes each connection after its answer.
aio::task<> server(aio::net::tcp_listener& listener, int requests) {
  auto budget = co_await aio::timeout_scope::after(2s);
  for (int i = 0; i < requests; ++i) {
    aio::net::tcp_stream conn = co_await listener.accept();
    std::string request;
    std::array<std::byte, 256> buf{};
    while (request.find('\n') == std::string::npos) {
      std::size_t n = co_await conn.read_some(buf);
      if (n == 0) break;
      request.append(reinterpret_cast<const char*>(buf.data()), n);
    }
    std::string path = request.substr(4, request.find('\n') - 4);
    std::string reply = "200 " + path + "\n";
    co_await conn.write_all(reply);
  }
}

aio::task<std::string> fetch(std::uint16_t port, std::string path) {
  auto conn = co_await aio::timeout(200ms, aio::net::connect("127.0.0.1", port));
  std::string request = "GET " + path + "\n";
  co_await aio::timeout(200ms, conn.write_all(request));
  std::string response;
  std::array<std::byte, 512> buf{};
  for (;;) {
    std::size_t n = co_await conn.read_some(buf);  // mistake: corolint-missing-timeout
    if (n == 0) break;
    response.append(reinterpret_cast<const char*>(buf.data()), n);
  }
  co_return response;
}

aio::task<int> amain() {
  auto listener = aio::net::tcp_listener::bind("127.0.0.1", 0);
  std::uint16_t port = listener.port();
  auto [served, pages] = co_await aio::gather(server(listener, 2), aio::gather(fetch(port, "/index.html"),
                                                                               fetch(port, "/app.js")));
  auto& [index, app] = pages;
  std::printf("%s%s(the reads were unbounded: a stalled server would hang this program)\n", index.c_str(),
              app.c_str());
  co_return 0;
}

int main() { return aio::run(amain()); }
