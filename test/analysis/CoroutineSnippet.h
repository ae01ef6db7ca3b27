//===----------------------------------------------------------------------===//
//
// A coroutine snippet parsed in memory for the analysis unit tests, with the
// fixtures' mock runtime (test/checks/Inputs/mini.h) included.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_TEST_ANALYSIS_COROUTINESNIPPET_H
#define COROLINT_TEST_ANALYSIS_COROUTINESNIPPET_H

#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace corolint_test {

/// A parsed snippet; line numbers are counted from the snippet's first line.
struct CoroutineSnippet {
  std::unique_ptr<clang::ASTUnit> AST;

  explicit CoroutineSnippet(llvm::StringRef Code) {
    std::string Source = "#include \"mini.h\"\n" + Code.str();
    AST = clang::tooling::buildASTFromCodeWithArgs(
        Source,
        {"-std=c++20", "-I" COROLINT_SOURCE_DIR "/test/checks/Inputs",
         "-resource-dir=" COROLINT_RESOURCE_DIR},
        "input.cpp");
  }

  clang::ASTContext &ctx() { return AST->getASTContext(); }

  /// The one definition of function \p Name (aborts the test otherwise).
  const clang::FunctionDecl &function(llvm::StringRef Name) {
    using namespace clang::ast_matchers;
    auto Matches =
        match(functionDecl(hasName(Name), isDefinition()).bind("f"), ctx());
    if (Matches.size() != 1u) {
      ADD_FAILURE() << "expected one definition of " << Name.str();
      std::abort();
    }
    return *Matches[0].getNodeAs<clang::FunctionDecl>("f");
  }

  /// The one local variable \p Name declared in \p F.
  const clang::VarDecl &local(const clang::FunctionDecl &F,
                              llvm::StringRef Name) {
    using namespace clang::ast_matchers;
    auto Matches = match(
        functionDecl(forEachDescendant(varDecl(hasName(Name)).bind("v"))), F,
        ctx());
    if (Matches.size() != 1u) {
      ADD_FAILURE() << "expected one local " << Name.str();
      std::abort();
    }
    return *Matches[0].getNodeAs<clang::VarDecl>("v");
  }

  /// The first expression statement of the user body of \p F that starts on
  /// snippet line \p Line.
  const clang::Stmt &stmtAtLine(const clang::FunctionDecl &F, unsigned Line) {
    const clang::Stmt *Found = nullptr;
    find(clang::cast<clang::CoroutineBodyStmt>(F.getBody())->getBody(), Line,
         Found);
    if (!Found) {
      ADD_FAILURE() << "no statement on line " << Line;
      std::abort();
    }
    return *Found;
  }

  unsigned line(const clang::Stmt *S) {
    return ctx().getSourceManager().getPresumedLineNumber(S->getBeginLoc()) -
           1; // the snippet starts after the #include line
  }

private:
  void find(const clang::Stmt *S, unsigned Line, const clang::Stmt *&Found) {
    if (!S || Found)
      return;
    if (line(S) == Line && !clang::isa<clang::CompoundStmt>(S)) {
      Found = S;
      return;
    }
    for (const clang::Stmt *Child : S->children())
      find(Child, Line, Found);
  }
};

} // namespace corolint_test

#endif
