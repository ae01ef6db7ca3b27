//===----------------------------------------------------------------------===//
//
// Unit tests of runtime models: the model file format, the `models:` keys of
// `.corolint.yaml`, selection by namespace, lookup with provenance, and the
// shipped models themselves.
//
//===----------------------------------------------------------------------===//

#include "analysis/RuntimeModels.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace clang::tidy::corolint::analysis {
namespace {

using namespace clang::ast_matchers;
using ::testing::HasSubstr;

const char *const NetModel = R"(model: net
runtime: a small networking runtime
version: "1.0"
namespaces: [net, boost::net]
roles:
  loop::run: runner
  socket::read: [needs_timeout]
  "::other::cancelled": cancellation
)";

RuntimeModel modelOk(llvm::StringRef Text) {
  auto Result = parseRuntimeModel(Text, "net.yaml");
  if (auto *E = std::get_if<ConfigError>(&Result)) {
    ADD_FAILURE() << E->str();
    return {};
  }
  return std::get<RuntimeModel>(Result);
}

ConfigError modelError(llvm::StringRef Text) {
  auto Result = parseRuntimeModel(Text, "net.yaml");
  if (auto *E = std::get_if<ConfigError>(&Result))
    return *E;
  ADD_FAILURE() << "expected an error for:\n" << Text.str();
  return {};
}

TEST(RuntimeModelTest, ReadsEveryKey) {
  RuntimeModel M = modelOk(NetModel);
  EXPECT_EQ(M.Name, "net");
  EXPECT_EQ(M.Version, "1.0");
  EXPECT_EQ(M.Namespaces, (std::vector<std::string>{"net", "boost::net"}));
  ASSERT_EQ(M.Entries.size(), 3u);
  EXPECT_EQ(M.Entries[0].RelativeName, "loop::run");
  EXPECT_TRUE(M.Entries[0].Roles.has(Role::Runner));
  EXPECT_EQ(M.Entries[0].Line, 6u);
  EXPECT_TRUE(M.Entries[1].Roles.has(Role::NeedsTimeout));
  EXPECT_EQ(M.Entries[2].RelativeName, "other::cancelled");
  EXPECT_TRUE(M.Entries[2].Absolute);
}

TEST(RuntimeModelTest, ProblemsNameTheFileAndLine) {
  ConfigError Unknown = modelError("model: net\nruntime: r\nversion: v\n"
                                   "namespaces: [net]\nroles:\n"
                                   "  loop::run: runer\n");
  EXPECT_EQ(Unknown.Path, "net.yaml");
  EXPECT_EQ(Unknown.Line, 6u);
  EXPECT_THAT(Unknown.Message, HasSubstr("unknown role 'runer'"));

  EXPECT_THAT(modelError("model: net\nruntime: r\nversion: v\nroles: {}\n")
                  .Message,
              HasSubstr("missing key 'namespaces'"));
  EXPECT_THAT(modelError("model: net\nruntime: r\nnamespaces: [n]\nroles: {}\n")
                  .Message,
              HasSubstr("missing key 'version'"));
  ConfigError Key = modelError("model: net\nruntime: r\nversion: v\n"
                               "namespaces: [net]\nrole: {}\n");
  EXPECT_EQ(Key.Line, 5u);
  EXPECT_THAT(Key.Message, HasSubstr("unknown key 'role'"));
  EXPECT_THAT(modelError("model: [net]\n").Message,
              HasSubstr("'model' must be a non-empty string"));
  EXPECT_THAT(modelError("model: net\nnamespaces: [\"a b\"]\n").Message,
              HasSubstr("is not a namespace name"));
  ConfigError Yaml = modelError("model: net\nroles: {a: [b\n");
  EXPECT_GT(Yaml.Line, 0u);
  EXPECT_THAT(Yaml.Message, HasSubstr("malformed YAML"));
  EXPECT_THAT(modelError("- a list\n").Message,
              HasSubstr("a model is a mapping"));
}

/// A scratch directory removed at the end of the test.
struct ScratchDir {
  llvm::SmallString<128> Path;
  ScratchDir() { llvm::sys::fs::createUniqueDirectory("corolint-models", Path); }
  ~ScratchDir() { llvm::sys::fs::remove_directories(Path); }
  std::string write(llvm::StringRef Name, llvm::StringRef Text) {
    llvm::SmallString<128> File(Path);
    llvm::sys::path::append(File, Name);
    std::error_code EC;
    llvm::raw_fd_ostream Out(File, EC);
    Out << Text;
    return std::string(File);
  }
};

TEST(ModelDirectoryTest, LoadsEveryYamlFileAndRejectsDuplicates) {
  ScratchDir Dir;
  Dir.write("net.yaml", NetModel);
  Dir.write("README.txt", "not a model");
  auto Loaded = loadModelDirectory(Dir.Path);
  ASSERT_TRUE(std::holds_alternative<
              std::vector<std::shared_ptr<const RuntimeModel>>>(Loaded));
  EXPECT_EQ(std::get<0>(Loaded).size(), 1u);

  Dir.write("net2.yaml", NetModel);
  auto Twice = loadModelDirectory(Dir.Path);
  ASSERT_TRUE(std::holds_alternative<ConfigError>(Twice));
  EXPECT_THAT(std::get<ConfigError>(Twice).Message,
              HasSubstr("model 'net' is also defined in"));
}

std::vector<std::shared_ptr<const RuntimeModel>> netModel() {
  return {std::make_shared<RuntimeModel>(modelOk(NetModel))};
}

RoleConfig configOk(llvm::StringRef Text) {
  auto Result = parseRoleConfig(Text, "/project/.corolint.yaml");
  if (auto *E = std::get_if<ConfigError>(&Result)) {
    ADD_FAILURE() << E->str();
    return {};
  }
  return std::get<RoleConfig>(Result);
}

TEST(ModelSelectionTest, WithoutModelsKeyEveryModelIsACandidate) {
  RoleConfig C = configOk("roles: {}\n");
  auto Builtin = netModel();
  EXPECT_FALSE(resolveModels(C, &Builtin));
  EXPECT_FALSE(C.ModelsListed);
  ASSERT_EQ(C.Models.size(), 1u);
  EXPECT_EQ(C.Models[0]->Name, "net");
}

TEST(ModelSelectionTest, DisabledAndListedModels) {
  auto Builtin = netModel();
  RoleConfig Off = configOk("disable_models: [net]\n");
  EXPECT_FALSE(resolveModels(Off, &Builtin));
  EXPECT_TRUE(Off.Models.empty());

  RoleConfig Listed = configOk("models: [net]\n");
  EXPECT_FALSE(resolveModels(Listed, &Builtin));
  EXPECT_TRUE(Listed.ModelsListed);
  EXPECT_EQ(Listed.Models.size(), 1u);

  RoleConfig None = configOk("models: []\n");
  EXPECT_FALSE(resolveModels(None, &Builtin));
  EXPECT_TRUE(None.ModelsListed);
  EXPECT_TRUE(None.Models.empty());
}

TEST(ModelSelectionTest, UnknownModelNamesItsLineAndTheKnownModels) {
  auto Builtin = netModel();
  RoleConfig C = configOk("roles: {}\nmodels: [net, asoi]\n");
  auto Err = resolveModels(C, &Builtin);
  ASSERT_TRUE(Err);
  EXPECT_EQ(Err->Path, "/project/.corolint.yaml");
  EXPECT_EQ(Err->Line, 2u);
  EXPECT_EQ(Err->Column, 15u);
  EXPECT_THAT(Err->Message,
              HasSubstr("unknown model 'asoi' (known models: net)"));

  auto Both = parseRoleConfig("models: [net]\ndisable_models: [net]\n",
                              ".corolint.yaml");
  ASSERT_TRUE(std::holds_alternative<ConfigError>(Both));
  EXPECT_EQ(std::get<ConfigError>(Both).Line, 2u);

  auto Shape = parseRoleConfig("models: {a: b}\n", ".corolint.yaml");
  ASSERT_TRUE(std::holds_alternative<ConfigError>(Shape));
  EXPECT_THAT(std::get<ConfigError>(Shape).Message,
              HasSubstr("'models' must be a name or a list of names"));
}

TEST(ModelSelectionTest, ModelDirsAreRelativeToTheConfigurationFile) {
  ScratchDir Dir;
  llvm::SmallString<128> Sub(Dir.Path);
  llvm::sys::path::append(Sub, "models");
  llvm::sys::fs::create_directory(Sub);
  ScratchDir Unused;
  std::string Config = Dir.write(".corolint.yaml", "model_dirs: [models]\n");
  llvm::SmallString<128> ModelFile(Sub);
  llvm::sys::path::append(ModelFile, "inhouse.yaml");
  {
    std::error_code EC;
    llvm::raw_fd_ostream Out(ModelFile, EC);
    Out << "model: inhouse\nruntime: ours\nversion: \"2\"\n"
           "namespaces: [ours]\nroles:\n  run: runner\n";
  }
  auto Loaded = loadRoleConfig(Config);
  ASSERT_TRUE(std::holds_alternative<RoleConfig>(Loaded));
  RoleConfig &C = std::get<RoleConfig>(Loaded);
  std::vector<std::shared_ptr<const RuntimeModel>> NoBuiltin;
  EXPECT_FALSE(resolveModels(C, &NoBuiltin));
  ASSERT_EQ(C.Models.size(), 1u);
  EXPECT_EQ(C.Models[0]->Name, "inhouse");

  RoleConfig Missing = configOk("model_dirs: [nowhere]\n");
  auto Err = resolveModels(Missing, &NoBuiltin);
  ASSERT_TRUE(Err);
  EXPECT_EQ(Err->Line, 1u);
  EXPECT_THAT(Err->Message, HasSubstr("model directory"));
  EXPECT_THAT(Err->Message, HasSubstr("does not exist"));
}

std::unique_ptr<ASTUnit> parse(llvm::StringRef Code) {
  return tooling::buildASTFromCodeWithArgs(Code, {"-std=c++20"});
}

const NamedDecl *find(ASTUnit &AST, llvm::StringRef Name) {
  auto Matches =
      match(namedDecl(hasName(Name)).bind("d"), AST.getASTContext());
  return Matches.empty() ? nullptr : Matches.front().getNodeAs<NamedDecl>("d");
}

TEST(ModelSelectionTest, AModelAppliesWhereItsNamespaceIsDeclared) {
  auto AST = parse(R"(
    namespace boost::net { inline namespace v1 { struct loop { void run(); }; } }
    namespace lib { struct loop { void run(); }; }
  )");
  ASTContext &Ctx = AST->getASTContext();
  EXPECT_TRUE(declaresNamespace(Ctx, "boost::net"));
  EXPECT_TRUE(declaresNamespace(Ctx, "boost"));
  EXPECT_FALSE(declaresNamespace(Ctx, "net"));
  EXPECT_FALSE(declaresNamespace(Ctx, "boost::net::loop"));

  RoleConfig Auto;
  Auto.Models = netModel();
  EXPECT_EQ(applicableModels(Auto, Ctx).size(), 1u);

  auto Other = parse("namespace lib { struct loop { void run(); }; }");
  EXPECT_TRUE(applicableModels(Auto, Other->getASTContext()).empty());
  Auto.ModelsListed = true; // `models: [net]` applies it anyway
  EXPECT_EQ(applicableModels(Auto, Other->getASTContext()).size(), 1u);
}

TEST(ModelLookupTest, RolesResolveUnderEveryNamespaceWithTheirOrigin) {
  auto AST = parse(R"(
    namespace boost::net { struct loop { void run(); }; }
    namespace net { struct socket { int read(); }; }
    namespace other { struct cancelled {}; }
    namespace lib { struct loop { void run(); }; }
  )");
  auto Config = std::make_shared<RoleConfig>();
  Config->Path = ".corolint.yaml";
  Config->Names["net::socket::read"].add(Role::Blocking);
  Config->NameLines["net::socket::read"] = 3;
  RoleLookup Roles(Config, netModel());
  EXPECT_TRUE(Roles.has(find(*AST, "boost::net::loop::run"), Role::Runner));
  EXPECT_FALSE(Roles.has(find(*AST, "lib::loop::run"), Role::Runner));
  EXPECT_TRUE(Roles.rolesOfType(QualType(
                  cast<TypeDecl>(find(*AST, "other::cancelled"))->getTypeForDecl(),
                  0))
                  .has(Role::Cancellation));

  auto Origins = Roles.origins(find(*AST, "net::socket::read"));
  ASSERT_EQ(Origins.size(), 2u);
  EXPECT_EQ(Origins[0].R, Role::Blocking);
  EXPECT_EQ(Origins[0].Source, RoleSource::Configuration);
  EXPECT_EQ(Origins[0].Where, ".corolint.yaml:3");
  EXPECT_EQ(Origins[1].R, Role::NeedsTimeout);
  EXPECT_EQ(Origins[1].Source, RoleSource::Model);
  EXPECT_EQ(Origins[1].Where, "net, net.yaml:7");
}

TEST(ShippedModelsTest, EveryShippedModelParsesAndHasAUniqueName) {
  std::string Dir = std::string(COROLINT_SOURCE_DIR) + "/models";
  auto Loaded = loadModelDirectory(Dir);
  ASSERT_TRUE(std::holds_alternative<
              std::vector<std::shared_ptr<const RuntimeModel>>>(Loaded))
      << std::get<ConfigError>(Loaded).str();
  const auto &Models = std::get<0>(Loaded);
  ASSERT_FALSE(Models.empty());
  for (const auto &M : Models) {
    EXPECT_FALSE(M->Entries.empty()) << M->Path;
    llvm::StringRef File = llvm::sys::path::stem(M->Path);
    EXPECT_EQ(File, M->Name) << "a model's file is named after it";
  }
}

TEST(ShippedModelsTest, TheBuildCopiesThemBesideTheBinaries) {
  // This test binary is in build/bin: the models are in build/share.
  std::string Dir = builtinModelsDirectory();
  EXPECT_TRUE(llvm::sys::fs::is_directory(Dir)) << Dir;
  const auto &Builtin = builtinModels();
  ASSERT_TRUE(std::holds_alternative<
              std::vector<std::shared_ptr<const RuntimeModel>>>(Builtin))
      << std::get<ConfigError>(Builtin).str();
  bool HasAsio = false;
  for (const auto &M : std::get<0>(Builtin))
    HasAsio = HasAsio || M->Name == "asio";
  EXPECT_TRUE(HasAsio);
}

} // namespace
} // namespace clang::tidy::corolint::analysis
