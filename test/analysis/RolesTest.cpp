//===----------------------------------------------------------------------===//
//
// Unit tests of the role vocabulary: `.corolint.yaml` parsing, qualified
// names, annotations and the built-in table.
//
//===----------------------------------------------------------------------===//

#include "analysis/Roles.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace clang::tidy::corolint::analysis {
namespace {

using namespace clang::ast_matchers;

RoleConfig parseOk(llvm::StringRef Text) {
  auto Result = parseRoleConfig(Text, "test.yaml");
  if (auto *E = std::get_if<ConfigError>(&Result)) {
    ADD_FAILURE() << E->str();
    return {};
  }
  return std::get<RoleConfig>(Result);
}

ConfigError parseError(llvm::StringRef Text) {
  auto Result = parseRoleConfig(Text, "test.yaml");
  if (auto *E = std::get_if<ConfigError>(&Result))
    return *E;
  ADD_FAILURE() << "expected an error for:\n" << Text.str();
  return {};
}

TEST(RoleConfigTest, MapsNamesToOneOrSeveralRoles) {
  RoleConfig C = parseOk("roles:\n"
                         "  asio::io_context::run: runner\n"
                         "  ::lib::read_all: [blocking, needs_timeout]\n");
  ASSERT_EQ(C.Names.size(), 2u);
  EXPECT_TRUE(C.Names["asio::io_context::run"].has(Role::Runner));
  // A leading "::" is dropped: names are matched without it.
  EXPECT_TRUE(C.Names["lib::read_all"].has(Role::Blocking));
  EXPECT_TRUE(C.Names["lib::read_all"].has(Role::NeedsTimeout));
  EXPECT_FALSE(C.Names["lib::read_all"].has(Role::Spawn));
}

TEST(RoleConfigTest, EmptyFileAndEmptyRolesDescribeNothing) {
  EXPECT_TRUE(parseOk("").Names.empty());
  EXPECT_TRUE(parseOk("roles:\n").Names.empty());
}

TEST(RoleConfigTest, UnknownRoleNamesItsLineAndTheValidRoles) {
  ConfigError E = parseError("roles:\n  f: blockng\n");
  EXPECT_EQ(E.Line, 2u);
  EXPECT_EQ(E.Column, 6u);
  EXPECT_NE(E.Message.find("unknown role 'blockng'"), std::string::npos);
  EXPECT_NE(E.Message.find("needs_timeout"), std::string::npos);
  EXPECT_EQ(E.str().rfind("test.yaml:2:6: ", 0), 0u) << E.str();
}

TEST(RoleConfigTest, MalformedYamlIsLocated) {
  ConfigError E = parseError("roles: [unclosed\n");
  EXPECT_GE(E.Line, 1u);
  EXPECT_NE(E.Message.find("malformed YAML"), std::string::npos) << E.str();
}

TEST(RoleConfigTest, WrongShapesAreErrors) {
  EXPECT_NE(parseError("- a\n- b\n").Message.find("expected a mapping"),
            std::string::npos);
  EXPECT_NE(parseError("rolez:\n  f: spawn\n").Message.find("unknown key"),
            std::string::npos);
  EXPECT_NE(parseError("roles: [a, b]\n").Message.find("must map"),
            std::string::npos);
  EXPECT_NE(parseError("roles:\n  f: []\n").Message.find("empty role list"),
            std::string::npos);
  EXPECT_NE(parseError("roles:\n  f: {a: b}\n").Message.find("expected a role"),
            std::string::npos);
}

TEST(RoleConfigTest, MissingFileIsAnError) {
  auto Result = loadRoleConfig("/nonexistent/.corolint.yaml");
  ASSERT_TRUE(std::holds_alternative<ConfigError>(Result));
  EXPECT_NE(std::get<ConfigError>(Result).Message.find("cannot read"),
            std::string::npos);
}

TEST(RoleVocabularyTest, SpellingsRoundTrip) {
  for (unsigned I = 0; I < NumRoles; ++I) {
    Role R = Role(I);
    EXPECT_EQ(parseRole(roleName(R)), R) << roleName(R).str();
  }
  EXPECT_EQ(parseRole("Blocking"), std::nullopt);
}

/// Finds the named declaration in \p Code and returns its role name and roles.
struct Probe {
  std::unique_ptr<ASTUnit> AST;
  const NamedDecl *find(llvm::StringRef Name) {
    auto Matches = match(namedDecl(hasName(Name)).bind("d"),
                         AST->getASTContext());
    return Matches.empty() ? nullptr
                           : Matches.front().getNodeAs<NamedDecl>("d");
  }
};

Probe parse(llvm::StringRef Code) {
  return {tooling::buildASTFromCodeWithArgs(Code, {"-std=c++20"})};
}

TEST(RoleLookupTest, QualifiedNamesDropTemplateArgumentsAndInlineNamespaces) {
  Probe P = parse(R"(
    namespace lib { inline namespace v2 {
      template <class T> struct box { void get(); };
    } }
    void use() { lib::box<int> b; b.get(); }
  )");
  auto Calls = match(cxxMemberCallExpr().bind("c"), P.AST->getASTContext());
  ASSERT_EQ(Calls.size(), 1u);
  const auto *Call = Calls.front().getNodeAs<CXXMemberCallExpr>("c");
  EXPECT_EQ(roleQualifiedName(Call->getMethodDecl()), "lib::box::get");
}

TEST(RoleLookupTest, AnnotationsConfigurationAndBuiltinsMerge) {
  Probe P = parse(R"(
    namespace lib {
      [[clang::annotate("corolint::spawn")]] int start();
      template <class T> struct [[clang::annotate("corolint::async_lock")]] guard {};
      int wait_all();
    }
    namespace std::this_thread { void sleep_for(int); }
    extern "C" int write(int, const void *, unsigned long);
    int write(double); // a user's own `write`: not the POSIX one
    lib::guard<int> g;
  )");
  auto Config = std::make_shared<RoleConfig>();
  Config->Names["lib::wait_all"].add(Role::Blocking);
  RoleLookup Roles(Config);
  EXPECT_TRUE(Roles.has(P.find("lib::start"), Role::Spawn));
  EXPECT_TRUE(Roles.has(P.find("lib::wait_all"), Role::Blocking));
  EXPECT_FALSE(Roles.has(P.find("lib::wait_all"), Role::Spawn));
  EXPECT_TRUE(Roles.has(P.find("std::this_thread::sleep_for"), Role::Blocking));
  const auto *G = dyn_cast<VarDecl>(P.find("g"));
  ASSERT_NE(G, nullptr);
  EXPECT_TRUE(Roles.rolesOfType(G->getType()).has(Role::AsyncLock));

  auto Writes = match(functionDecl(hasName("write")).bind("d"),
                      P.AST->getASTContext());
  unsigned Blocking = 0;
  for (const auto &M : Writes)
    Blocking += Roles.has(M.getNodeAs<FunctionDecl>("d"), Role::Blocking);
  EXPECT_EQ(Writes.size(), 2u);
  EXPECT_EQ(Blocking, 1u) << "only the extern \"C\" write is POSIX's";
}


//===----------------------------------------------------------------------===//
// docs/roles.md lists the vocabulary and the built-in table of the .def files
//===----------------------------------------------------------------------===//

std::string readRolesPage() {
  auto Buffer = llvm::MemoryBuffer::getFile(std::string(COROLINT_SOURCE_DIR) +
                                            "/docs/roles.md");
  if (!Buffer) {
    ADD_FAILURE() << "cannot read docs/roles.md";
    return "";
  }
  return (*Buffer)->getBuffer().str();
}

/// The lines of \p Page from the heading starting with \p Heading to the
/// next `## ` heading.
std::vector<std::string> section(const std::string &Page,
                                 const std::string &Heading) {
  std::istringstream In(Page);
  std::vector<std::string> Lines;
  bool Inside = false;
  for (std::string Line; std::getline(In, Line);) {
    if (Line.rfind("## ", 0) == 0)
      Inside = Line.rfind(Heading, 0) == 0;
    else if (Inside)
      Lines.push_back(Line);
  }
  return Lines;
}

TEST(RoleDocsTest, TheVocabularyTableListsExactlyTheRoles) {
  std::set<std::string> Documented;
  std::regex Row(R"(^\| `([a-z_]+)` \|)");
  std::smatch M;
  for (const std::string &Line : section(readRolesPage(), "## The vocabulary"))
    if (std::regex_search(Line, M, Row))
      Documented.insert(M[1]);
  std::set<std::string> Roles;
  for (unsigned I = 0; I < NumRoles; ++I)
    Roles.insert(roleName(Role(I)).str());
  EXPECT_EQ(Documented, Roles)
      << "docs/roles.md's vocabulary table and RoleList.def differ";
  for (unsigned I = 0; I < NumRoles; ++I)
    EXPECT_FALSE(roleMeaning(Role(I)).empty()) << roleName(Role(I)).str();
}

TEST(RoleDocsTest, TheBuiltinListIsBuiltinRolesDef) {
  // name -> bullet label, as the .def says ("blocking, waits", "offload").
  std::map<std::string, std::string> Expected;
  auto Add = [&](const char *Name, std::string Label) {
    auto [It, New] = Expected.emplace(Name, Label);
    if (!New)
      It->second += "; " + Label;
  };
#define COROLINT_BUILTIN_ROLE(NAME, ROLE) Add(NAME, roleName(Role::ROLE).str());
#define COROLINT_BUILTIN_BLOCKING(NAME, KIND)                                  \
  Add(NAME, std::string("blocking, ") +                                        \
                (std::string(#KIND) == "Waits"   ? "waits"                     \
                 : std::string(#KIND) == "Locks" ? "locks"                     \
                                                 : "lock wrappers"));
#include "analysis/BuiltinRoles.def"

  std::map<std::string, std::string> Documented;
  std::regex Bullet(R"(^- \*\*([a-z_, ]+)\*\*)");
  std::regex Name("`([^`]+)`");
  std::smatch M;
  for (const std::string &Line :
       section(readRolesPage(), "## Built in")) {
    if (!std::regex_search(Line, M, Bullet))
      continue;
    std::string Label = M[1];
    for (std::sregex_iterator It(Line.begin(), Line.end(), Name), End;
         It != End; ++It) {
      auto [Slot, New] = Documented.emplace((*It)[1], Label);
      if (!New)
        Slot->second += "; " + Label;
    }
  }
  EXPECT_EQ(Documented, Expected)
      << "docs/roles.md's built-in list and BuiltinRoles.def differ";
}

} // namespace
} // namespace clang::tidy::corolint::analysis
