//===----------------------------------------------------------------------===//
//
// Runtime models through the command line: automatic selection, the
// `models:`/`disable_models:`/`model_dirs:` keys, `--print-roles`,
// `--warn-unused-roles`, and every bad input around them. Each test builds
// its own scratch project.
//
//===----------------------------------------------------------------------===//

#include "ScratchProject.h"

#include <gmock/gmock.h>

#include <algorithm>

namespace corolint::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

/// A scratch project with a task type and an in-house runtime `ours`.
class ModelsProject : public ScratchProject {
protected:
  void SetUp() override {
    ScratchProject::SetUp();
    write("task.h", TaskHeader);
  }
  CommandResult corolint(const std::string &Args) {
    return ScratchProject::corolint(Args + " -- -std=c++20 -I.");
  }

  /// A minimal lazy task type, and an in-house runtime `ours` declared by
  /// declaration only.
  static constexpr const char *TaskHeader = R"(#pragma once
#include <coroutine>
template <class T = void> struct task {
  struct promise_type {
    task get_return_object();
    std::suspend_always initial_suspend() noexcept;
    std::suspend_always final_suspend() noexcept;
    void return_void();
    void unhandled_exception();
  };
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  void await_resume();
};
namespace ours { struct loop { void run(); }; task<> fetch(); }
)";
  static constexpr const char *InHouseModel = R"(model: ours
runtime: our in-house runtime
version: "2.3"
namespaces: [ours]
roles:
  loop::run: runner
  fetch: needs_timeout
)";
  static constexpr const char *UsesOurs = R"(#include "task.h"
task<> handler(ours::loop &l) {
  l.run();
  co_await ours::fetch();
}
)";
};

TEST_F(ModelsProject, AProjectModelTeachesTheChecksItsRuntime) {
  write("models/ours.yaml", InHouseModel);
  write(".corolint.yaml", "model_dirs: [models]\n");
  write("a.cpp", UsesOurs);
  CommandResult R = corolint("a.cpp");
  EXPECT_EQ(R.Status, 1) << R.Output;
  EXPECT_THAT(R.Output, HasSubstr("a.cpp:3:3: warning: call to "
                                  "'ours::loop::run' in coroutine 'handler' "
                                  "runs a nested event loop"));
  EXPECT_THAT(R.Output, HasSubstr("a.cpp:4:3: warning: 'ours::fetch' waits "
                                  "on an external resource with no timeout"));
}

TEST_F(ModelsProject, DisabledOrUnlistedModelsDoNotApply) {
  write("models/ours.yaml", InHouseModel);
  write("a.cpp", UsesOurs);
  write(".corolint.yaml", "model_dirs: [models]\ndisable_models: [ours]\n");
  CommandResult Off = corolint("a.cpp");
  EXPECT_EQ(Off.Status, 0) << Off.Output;
  write(".corolint.yaml", "model_dirs: [models]\nmodels: [asio]\n");
  CommandResult Other = corolint("a.cpp");
  EXPECT_EQ(Other.Status, 0) << Other.Output;
}

TEST_F(ModelsProject, AModelAppliesOnlyWhereItsNamespaceIsDeclared) {
  write("models/ours.yaml", InHouseModel);
  write(".corolint.yaml", "model_dirs: [models]\n");
  // `theirs::loop::run` has the same relative name, in another namespace.
  write("b.cpp", R"(#include <coroutine>
namespace theirs { struct loop { void run(); }; }
struct task { struct promise_type {
  task get_return_object(); std::suspend_always initial_suspend() noexcept;
  std::suspend_always final_suspend() noexcept; void return_void();
  void unhandled_exception(); }; };
task handler(theirs::loop &l) { l.run(); co_return; }
)");
  CommandResult R = corolint("b.cpp");
  EXPECT_EQ(R.Status, 0) << R.Output;
}

TEST_F(ModelsProject, PrintRolesNamesEverySource) {
  write("models/ours.yaml", InHouseModel);
  write(".corolint.yaml", "model_dirs: [models]\nroles:\n"
                          "  ours::fetch: blocking\n");
  write("a.cpp", R"(#include "task.h"
#include <thread>
#include <chrono>
[[clang::annotate("corolint::spawn")]] void start(task<>);
task<> handler(ours::loop &l) {
  l.run();
  co_await ours::fetch();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  start(handler(l));
}
)");
  CommandResult R = corolint("--print-roles a.cpp");
  EXPECT_EQ(R.Status, 0) << R.Output;
  EXPECT_THAT(R.Output, HasSubstr("a.cpp: models in force: ours (2.3)"));
  EXPECT_THAT(R.Output, HasSubstr("a.cpp:6:3: call of 'ours::loop::run': "
                                  "runner (model ours, "));
  EXPECT_THAT(R.Output, HasSubstr("models/ours.yaml:6)"));
  EXPECT_THAT(R.Output, HasSubstr("a.cpp:7:12: call of 'ours::fetch': "
                                  "blocking (configuration "));
  EXPECT_THAT(R.Output, HasSubstr(".corolint.yaml:3), needs_timeout (model "
                                  "ours, "));
  EXPECT_THAT(R.Output,
              HasSubstr("a.cpp:8:3: call of 'std::this_thread::sleep_for': "
                        "blocking (built-in)"));
  EXPECT_THAT(R.Output,
              HasSubstr("a.cpp:9:3: call of 'start': spawn (annotation)"));
  EXPECT_THAT(R.Output, Not(HasSubstr("warning:"))) << "nothing is analysed";
}

TEST_F(ModelsProject, WarnUnusedRolesNamesTheRowAndExitsTwo) {
  write("models/ours.yaml", InHouseModel + std::string("  lop::stop: runner\n"));
  write(".corolint.yaml", "model_dirs: [models]\nroles:\n"
                          "  ours::loop::run: runner\n"
                          "  ours::lop::run: runner\n");
  write("clean.cpp", "#include \"task.h\"\n");
  CommandResult R = corolint("--warn-unused-roles clean.cpp");
  EXPECT_EQ(R.Status, 2) << R.Output;
  EXPECT_THAT(R.Output, HasSubstr(".corolint.yaml:4: warning: "
                                  "'ours::lop::run' matches no declaration "
                                  "in the analysed files [unused-role]"));
  EXPECT_THAT(R.Output, HasSubstr("models/ours.yaml:8: warning: "
                                  "'ours::lop::stop' matches no declaration"));
  EXPECT_THAT(R.Output, Not(HasSubstr("'ours::loop::run' matches")));
  EXPECT_THAT(R.Output, Not(HasSubstr("'ours::fetch' matches")));
}

TEST_F(ModelsProject, BadModelInputIsOneLineNamingTheFileAndLine) {
  write("a.cpp", UsesOurs);
  struct Case {
    const char *Config;
    const char *Model; // nullptr: no model file
    const char *Expected;
  } Cases[] = {
      {"models: [asoi]\n", nullptr,
       ".corolint.yaml:1:10: unknown model 'asoi' (known models: "},
      {"model_dirs: [nowhere]\n", nullptr,
       ".corolint.yaml:1:14: model directory '"},
      {"model_dirs: [models]\n",
       "model: ours\nruntime: r\nversion: v\nnamespaces: [ours]\n"
       "roles:\n  loop::run: runer\n",
       "models/ours.yaml:6:14: unknown role 'runer' (valid roles: "},
      {"model_dirs: [models]\n", "model: ours\nroles: [\n",
       "models/ours.yaml:3:1: malformed YAML: "},
      {"model_dirs: [models]\n", "model: asio\nruntime: r\nversion: v\n"
                                 "namespaces: [x]\nroles: {}\n",
       "model 'asio' of "},
  };
  for (const Case &C : Cases) {
    fs::remove_all(Dir / "models");
    write(".corolint.yaml", C.Config);
    if (C.Model)
      write("models/ours.yaml", C.Model);
    CommandResult R = corolint("a.cpp");
    EXPECT_EQ(R.Status, 2) << C.Config << R.Output;
    EXPECT_THAT(R.Output, HasSubstr(C.Expected)) << C.Config;
    EXPECT_EQ(std::count(R.Output.begin(), R.Output.end(), '\n'), 1)
        << "one line: " << R.Output;
  }
}

} // namespace
} // namespace corolint::test
