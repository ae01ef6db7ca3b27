//===----------------------------------------------------------------------===//
//
// --print-roles and --warn-unused-roles.
//
//===----------------------------------------------------------------------===//

#include "RoleReport.h"

#include "analysis/Roles.h"
#include "analysis/RuntimeModels.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/TextDiagnosticBuffer.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/Path.h"

#include <functional>
#include <tuple>

namespace corolint {

namespace analysis = clang::tidy::corolint::analysis;
using namespace clang;

namespace {

/// The role configuration in force for \p File, or nullptr with \p Error.
std::shared_ptr<const analysis::RoleConfig>
configFor(const std::string &File, const RoleReportOptions &Options,
          std::string &Error) {
  auto Loaded = analysis::configForFile(Options.ConfigFile, File);
  if (const auto *E = std::get_if<analysis::ConfigError>(Loaded.get())) {
    Error = "invalid configuration: " + E->str();
    return nullptr;
  }
  return std::shared_ptr<const analysis::RoleConfig>(
      Loaded, &std::get<analysis::RoleConfig>(*Loaded));
}

/// Parses \p File with its compile command and hands the AST to \p OnAST.
bool withAST(const std::string &File,
             const tooling::CompilationDatabase &Database,
             const RoleReportOptions &Options,
             std::function<void(ASTContext &)> OnAST, std::string &Error) {
  if (Database.getCompileCommands(File).empty()) {
    Error = "no compile command for this file in the compilation database";
    return false;
  }
  struct Consumer : ASTConsumer {
    std::function<void(ASTContext &)> &OnAST;
    explicit Consumer(std::function<void(ASTContext &)> &F) : OnAST(F) {}
    void HandleTranslationUnit(ASTContext &Ctx) override { OnAST(Ctx); }
  };
  struct Action : ASTFrontendAction {
    std::function<void(ASTContext &)> &OnAST;
    explicit Action(std::function<void(ASTContext &)> &F) : OnAST(F) {}
    std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                   StringRef) override {
      return std::make_unique<Consumer>(OnAST);
    }
  };
  struct Factory : tooling::FrontendActionFactory {
    std::function<void(ASTContext &)> &OnAST;
    explicit Factory(std::function<void(ASTContext &)> &F) : OnAST(F) {}
    std::unique_ptr<FrontendAction> create() override {
      return std::make_unique<Action>(OnAST);
    }
  };
  tooling::ClangTool Tool(Database, {File});
  if (!Options.ResourceDir.empty())
    Tool.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
        ("-resource-dir=" + Options.ResourceDir).c_str(),
        tooling::ArgumentInsertPosition::BEGIN));
  TextDiagnosticBuffer Quiet; // the analysis run reports compiler errors
  Tool.setDiagnosticConsumer(&Quiet);
  Factory F(OnAST);
  if (Tool.run(&F) != 0) {
    Error = "the file does not compile; run corolint on it to see the errors";
    return false;
  }
  return true;
}

/// One use of a declaration in the main file.
struct RoleUse {
  unsigned Line, Column;
  std::string Kind; ///< "call", "construction", "type"
  std::string Name;
  std::string Roles;
  bool operator<(const RoleUse &O) const {
    return std::tie(Line, Column, Kind, Name) <
           std::tie(O.Line, O.Column, O.Kind, O.Name);
  }
};

class RoleUseCollector : public RecursiveASTVisitor<RoleUseCollector> {
public:
  RoleUseCollector(ASTContext &Ctx, const analysis::RoleLookup &Roles,
                   std::set<RoleUse> &Uses)
      : Ctx(Ctx), Roles(Roles), Uses(Uses) {}

  bool VisitCallExpr(CallExpr *Call) {
    if (const Decl *Callee = Call->getCalleeDecl())
      add(Call->getBeginLoc(), "call", Callee, Roles.origins(Callee));
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    add(Construct->getBeginLoc(), "construction", Construct->getConstructor(),
        Roles.origins(Construct->getConstructor()));
    return true;
  }
  bool VisitDeclaratorDecl(DeclaratorDecl *D) {
    if (const CXXRecordDecl *RD = analysis::roleClassOfType(D->getType()))
      add(D->getLocation(), "type", RD, Roles.originsOfType(D->getType()));
    return true;
  }

private:
  void add(SourceLocation Loc, const char *Kind, const Decl *D,
           const std::vector<analysis::RoleOrigin> &Origins) {
    if (Origins.empty())
      return;
    const SourceManager &SM = Ctx.getSourceManager();
    SourceLocation Expansion = SM.getExpansionLoc(Loc);
    if (!SM.isInMainFile(Expansion))
      return;
    std::string Text;
    for (const analysis::RoleOrigin &O : Origins) {
      if (!Text.empty())
        Text += ", ";
      Text += analysis::roleName(O.R).str() + " (" +
              analysis::roleSourceName(O.Source).str() +
              (O.Where.empty() ? "" : " " + O.Where) + ")";
    }
    Uses.insert({SM.getExpansionLineNumber(Expansion),
                 SM.getExpansionColumnNumber(Expansion), Kind,
                 analysis::roleQualifiedName(cast<NamedDecl>(D)), Text});
  }

  ASTContext &Ctx;
  const analysis::RoleLookup &Roles;
  std::set<RoleUse> &Uses;
};

/// True when \p Model is one of the models shipped with corolint.
bool isShipped(const analysis::RuntimeModel &Model) {
  llvm::StringRef Dir = llvm::sys::path::parent_path(Model.Path);
  return Dir == analysis::builtinModelsDirectory();
}

} // namespace

bool printRoles(const std::string &File,
                const tooling::CompilationDatabase &Database,
                const RoleReportOptions &Options, llvm::raw_ostream &Out,
                std::string &Error) {
  auto Config = configFor(File, Options, Error);
  if (!Config)
    return false;
  std::set<RoleUse> Uses;
  std::vector<std::string> ModelNames;
  bool Parsed = withAST(
      File, Database, Options,
      [&](ASTContext &Ctx) {
        analysis::RoleLookup Roles(Config,
                                   analysis::applicableModels(*Config, Ctx));
        for (const auto &M : Roles.models())
          ModelNames.push_back(M->Name + " (" + M->Version + ")");
        RoleUseCollector(Ctx, Roles, Uses)
            .TraverseDecl(Ctx.getTranslationUnitDecl());
      },
      Error);
  if (!Parsed)
    return false;
  Out << File << ": models in force: ";
  if (ModelNames.empty())
    Out << "none";
  for (size_t I = 0; I < ModelNames.size(); ++I)
    Out << (I ? ", " : "") << ModelNames[I];
  Out << "\n";
  for (const RoleUse &U : Uses)
    Out << File << ":" << U.Line << ":" << U.Column << ": " << U.Kind
        << " of '" << U.Name << "': " << U.Roles << "\n";
  return true;
}

bool RoleUsage::addFile(const std::string &File,
                        const tooling::CompilationDatabase &Database,
                        const RoleReportOptions &Options, std::string &Error) {
  auto Config = configFor(File, Options, Error);
  if (!Config)
    return false;
  for (const auto &Entry : Config->Names)
    Configured.try_emplace(
        Entry.getKey().str(),
        Config->Path + ":" +
            std::to_string(Config->NameLines.lookup(Entry.getKey())));
  for (const auto &Model : Config->Models) {
    if (isShipped(*Model))
      continue;
    for (const analysis::RuntimeModel::Entry &E : Model->Entries) {
      std::string Where = Model->Path + ":" + std::to_string(E.Line);
      if (E.Absolute)
        Configured.try_emplace(E.RelativeName, Where);
      else
        for (const std::string &NS : Model->Namespaces)
          Configured.try_emplace(NS + "::" + E.RelativeName, Where);
    }
  }
  if (Configured.empty())
    return true;
  struct DeclaredNames : RecursiveASTVisitor<DeclaredNames> {
    const std::map<std::string, std::string> &Configured;
    std::set<std::string> &Declared;
    DeclaredNames(const std::map<std::string, std::string> &C,
                  std::set<std::string> &D)
        : Configured(C), Declared(D) {}
    bool VisitNamedDecl(NamedDecl *D) {
      if (!isa<FunctionDecl, RecordDecl>(D))
        return true;
      std::string Name = analysis::roleQualifiedName(D);
      if (Configured.count(Name))
        Declared.insert(Name);
      return true;
    }
  };
  return withAST(
      File, Database, Options,
      [&](ASTContext &Ctx) {
        DeclaredNames(Configured, Declared)
            .TraverseDecl(Ctx.getTranslationUnitDecl());
      },
      Error);
}

std::vector<UnusedRoleName> RoleUsage::unused() const {
  std::vector<UnusedRoleName> Result;
  for (const auto &[Name, Where] : Configured)
    if (!Declared.count(Name))
      Result.push_back({Where, Name});
  // By file, then by line as a number.
  auto Key = [](const UnusedRoleName &U) {
    auto [File, Line] = llvm::StringRef(U.Where).rsplit(':');
    unsigned N = 0;
    Line.getAsInteger(10, N);
    return std::make_tuple(File, N, llvm::StringRef(U.Name));
  };
  llvm::sort(Result, [&](const UnusedRoleName &A, const UnusedRoleName &B) {
    return Key(A) < Key(B);
  });
  return Result;
}

} // namespace corolint
