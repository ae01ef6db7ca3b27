//===----------------------------------------------------------------------===//
//
// JSON-RPC errors for input that is not a JSON-RPC message.
//
// clangd 19 logs a message that is not JSON and carries on without answering,
// and it stops serving (as on `exit`) at JSON that is not a JSON-RPC 2.0
// object. JSON-RPC asks for an error response with a null id instead: -32700
// (parse error) and -32600 (invalid request). corolint-clangd gives them and
// keeps serving; also for an object with neither a method nor an id, or a
// method that is not a string, at which clangd stops too.
//
// The transport clangd builds with newJSONTransport() (wrapped by ld --wrap,
// see CMakeLists.txt) stays in charge of everything else: it reads from a pipe
// that a reader thread here fills with the valid messages, framed again, and
// it dispatches, mirrors and logs them as always. The reader answers the bad
// ones itself. Its replies and clangd's own messages go out under one lock, so
// they never interleave.
//
// Only the standard (Content-Length) stream style is filtered; the delimited
// style is clangd's lit-test format and is passed through.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

namespace clang::clangd {

// As declared in clangd's Transport.h and support/Shutdown.h (not installed);
// the virtual functions are in clangd's order.
enum JSONStreamStyle { Standard, Delimited };

class Transport {
public:
  virtual ~Transport() = default;
  virtual void notify(llvm::StringRef Method, llvm::json::Value Params) = 0;
  virtual void call(llvm::StringRef Method, llvm::json::Value Params,
                    llvm::json::Value ID) = 0;
  virtual void reply(llvm::json::Value ID,
                     llvm::Expected<llvm::json::Value> Result) = 0;
  class MessageHandler;
  virtual llvm::Error loop(MessageHandler &) = 0;
};

bool shutdownRequested();

} // namespace clang::clangd

using namespace clang::clangd;

std::unique_ptr<Transport>
realNewJSONTransport(std::FILE *In, llvm::raw_ostream &Out,
                     llvm::raw_ostream *InMirror, bool Pretty,
                     JSONStreamStyle Style)
    asm("__real__ZN5clang6clangd16newJSONTransportEP8_IO_FILERN4llvm11raw_"
        "ostreamEPS4_bNS0_15JSONStreamStyleE");
std::unique_ptr<Transport>
newJSONTransportReplyingToBadInput(std::FILE *In, llvm::raw_ostream &Out,
                                   llvm::raw_ostream *InMirror, bool Pretty,
                                   JSONStreamStyle Style)
    asm("__wrap__ZN5clang6clangd16newJSONTransportEP8_IO_FILERN4llvm11raw_"
        "ostreamEPS4_bNS0_15JSONStreamStyleE");

namespace {

// JSON-RPC 2.0 error codes.
constexpr int64_t ParseError = -32700;
constexpr int64_t InvalidRequest = -32600;
// clangd refuses larger messages too.
constexpr unsigned long long MaxContentLength = 1ull << 30;

/// The output stream, shared by clangd's transport and the reader thread.
struct SharedOutput {
  explicit SharedOutput(llvm::raw_ostream &Out) : Out(Out) {}
  std::mutex Lock;
  llvm::raw_ostream &Out;
};

/// Reads LSP frames from the editor, answers the ones that are not JSON-RPC
/// messages and passes the others on, framed again, to clangd's transport.
/// Runs on its own thread until the input ends; owned jointly by that thread
/// and the transport, so either may finish first.
class MessageFilter {
public:
  MessageFilter(std::FILE *In, int ToClangd, std::shared_ptr<SharedOutput> Out)
      : In(In), ToClangd(ToClangd), Out(std::move(Out)) {}
  ~MessageFilter() { closePipe(); }

  void run() {
    std::string Body;
    while (readMessage(Body)) {
      if (auto Error = validate(Body))
        replyError(Error->first, Error->second);
      else if (!forward(Body))
        break; // clangd stopped reading: it is shutting down
    }
    // End of input: closing the pipe ends clangd's loop as the end of its
    // own input would.
    closePipe();
  }

private:
  using ErrorReply = std::pair<int64_t, std::string>;

  /// The JSON-RPC error for \p Body, or none for a message clangd handles.
  static std::optional<ErrorReply> validate(llvm::StringRef Body) {
    llvm::Expected<llvm::json::Value> Doc = llvm::json::parse(Body);
    if (!Doc)
      return ErrorReply{ParseError,
                        "Parse error: " + llvm::toString(Doc.takeError())};
    const llvm::json::Object *Message = Doc->getAsObject();
    if (!Message || Message->getString("jsonrpc") != "2.0")
      return ErrorReply{InvalidRequest,
                        "Invalid request: not a JSON-RPC 2.0 message object"};
    // clangd stops serving at these two as well.
    const llvm::json::Value *Method = Message->get("method");
    if (Method && !Method->getAsString())
      return ErrorReply{InvalidRequest, "Invalid request: method is not a string"};
    if (!Method && !Message->get("id"))
      return ErrorReply{InvalidRequest,
                        "Invalid request: neither a method nor a response id"};
    return std::nullopt;
  }

  void replyError(int64_t Code, std::string Message) {
    llvm::json::Object Reply{
        {"jsonrpc", "2.0"},
        {"id", nullptr},
        {"error", llvm::json::Object{{"code", Code},
                                     {"message", std::move(Message)}}}};
    std::string Text;
    llvm::raw_string_ostream(Text) << llvm::json::Value(std::move(Reply));
    std::lock_guard<std::mutex> Guard(Out->Lock);
    Out->Out << "Content-Length: " << Text.size() << "\r\n\r\n" << Text;
    Out->Out.flush();
  }

  void closePipe() {
    if (ToClangd >= 0)
      ::close(ToClangd);
    ToClangd = -1;
  }

  bool forward(llvm::StringRef Body) {
    std::string Frame =
        "Content-Length: " + std::to_string(Body.size()) + "\r\n\r\n";
    Frame += Body;
    for (llvm::StringRef Rest = Frame; !Rest.empty();) {
      ssize_t Written = ::write(ToClangd, Rest.data(), Rest.size());
      if (Written < 0 && errno == EINTR)
        continue;
      if (Written <= 0)
        return false;
      Rest = Rest.drop_front(Written);
    }
    return true;
  }

  /// One line, with its '\n'; false at the end of input or on shutdown.
  bool readLine(std::string &Line) {
    Line.clear();
    char Buffer[256];
    while (true) {
      if (std::fgets(Buffer, sizeof(Buffer), In)) {
        Line += Buffer;
        if (!Line.empty() && Line.back() == '\n')
          return true;
        continue;
      }
      if (std::feof(In) || shutdownRequested() || errno != EINTR)
        return false;
      std::clearerr(In);
    }
  }

  /// The body of the next frame that has a usable Content-Length (frames
  /// without one are skipped, as clangd skips them); false at the end.
  bool readMessage(std::string &Body) {
    while (true) {
      unsigned long long Length = 0;
      std::string Line;
      while (true) {
        if (!readLine(Line))
          return false;
        llvm::StringRef Header(Line);
        if (Header.starts_with("#")) // clangd allows comments in headers
          continue;
        if (Header.consume_front("Content-Length: ")) {
          if (Header.trim().getAsInteger(10, Length))
            Length = 0;
          continue;
        }
        if (Header.trim().empty())
          break;
      }
      if (Length == 0 || Length > MaxContentLength)
        continue;
      Body.resize(Length);
      for (size_t Pos = 0; Pos < Length;) {
        size_t Read = std::fread(&Body[Pos], 1, Length - Pos, In);
        if (Read == 0) {
          if (std::feof(In) || shutdownRequested() || errno != EINTR)
            return false;
          std::clearerr(In);
        }
        Pos += Read;
      }
      return true;
    }
  }

  std::FILE *const In;
  int ToClangd; // the pipe clangd reads; -1 once closed
  const std::shared_ptr<SharedOutput> Out;
};

/// clangd's transport, reading from the filter's pipe, with every message it
/// sends taken under the lock the filter's replies take.
class FilteredTransport : public Transport {
public:
  FilteredTransport(std::unique_ptr<Transport> Clangd,
                    std::shared_ptr<SharedOutput> Out,
                    std::shared_ptr<MessageFilter> Filter)
      : Clangd(std::move(Clangd)), Out(std::move(Out)),
        Filter(std::move(Filter)) {}

  void notify(llvm::StringRef Method, llvm::json::Value Params) override {
    std::lock_guard<std::mutex> Guard(Out->Lock);
    Clangd->notify(Method, std::move(Params));
  }
  void call(llvm::StringRef Method, llvm::json::Value Params,
            llvm::json::Value ID) override {
    std::lock_guard<std::mutex> Guard(Out->Lock);
    Clangd->call(Method, std::move(Params), std::move(ID));
  }
  void reply(llvm::json::Value ID,
             llvm::Expected<llvm::json::Value> Result) override {
    std::lock_guard<std::mutex> Guard(Out->Lock);
    Clangd->reply(std::move(ID), std::move(Result));
  }
  llvm::Error loop(MessageHandler &Handler) override {
    // The filter may outlive the loop: after `exit` it is still blocked
    // reading the editor's input, which the process exit then ends.
    std::thread([Filter = Filter] { Filter->run(); }).detach();
    return Clangd->loop(Handler);
  }

private:
  std::unique_ptr<Transport> Clangd;
  std::shared_ptr<SharedOutput> Out;
  std::shared_ptr<MessageFilter> Filter;
};

} // namespace

std::unique_ptr<Transport>
newJSONTransportReplyingToBadInput(std::FILE *In, llvm::raw_ostream &Out,
                                   llvm::raw_ostream *InMirror, bool Pretty,
                                   JSONStreamStyle Style) {
  int Pipe[2];
  if (Style != Standard || ::pipe2(Pipe, O_CLOEXEC) != 0)
    return realNewJSONTransport(In, Out, InMirror, Pretty, Style);
  std::FILE *FromFilter = ::fdopen(Pipe[0], "r");
  if (!FromFilter) {
    ::close(Pipe[0]);
    ::close(Pipe[1]);
    return realNewJSONTransport(In, Out, InMirror, Pretty, Style);
  }
  auto Shared = std::make_shared<SharedOutput>(Out);
  auto Filter = std::make_shared<MessageFilter>(In, Pipe[1], Shared);
  return std::make_unique<FilteredTransport>(
      realNewJSONTransport(FromFilter, Out, InMirror, Pretty, Style), Shared,
      std::move(Filter));
}
