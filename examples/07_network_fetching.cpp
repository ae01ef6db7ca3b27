// Step 7: network fetching.
//
// Fetch several resources concurrently with aio::gather, each request
// bounded as a whole by an aio::timeout_scope: connect, send the request,
// read the response until the server closes the connection. The "web
// server" is a tiny line protocol served on loopback by this program.
// Mistake twin: 07_network_fetching_mistake.cpp (corolint-missing-timeout).

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
  auto budget = co_await aio::timeout_scope::after(500ms);  // the whole request
  auto conn = co_await aio::net::connect("127.0.0.1", port);
  std::string request = "GET " + path + "\n";
  co_await conn.write_all(request);
  std::string response;
  std::array<std::byte, 512> buf{};
  for (;;) {
    std::size_t n = co_await conn.read_some(buf);
    if (n == 0) break;  // the server closed: the response is complete
    response.append(reinterpret_cast<const char*>(buf.data()), n);
  }
  co_return response;
}

aio::task<int> amain() {
  auto listener = aio::net::tcp_listener::bind("127.0.0.1", 0);
  std::uint16_t port = listener.port();
  auto [served, pages] = co_await aio::gather(server(listener, 3), aio::gather(fetch(port, "/index.html"),
                                                                               fetch(port, "/style.css"),
                                                                               fetch(port, "/app.js")));
  auto& [index, style, app] = pages;
  std::printf("%s%s%s", index.c_str(), style.c_str(), app.c_str());
  co_return index == "200 /index.html\n" && style == "200 /style.css\n" && app == "200 /app.js\n" ? 0 : 1;
}

int main() { return aio::run(amain()); }
