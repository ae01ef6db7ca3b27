//===----------------------------------------------------------------------===//
//
// Check fixtures: parsing expectations and actual diagnostics.
//
//===----------------------------------------------------------------------===//

#include "Fixture.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>

namespace corolint::test {

std::string Diagnostic::str() const {
  return std::to_string(Line) + ":" + std::to_string(Column) + ": " + Level +
         ": " + Message;
}

std::string readFile(const std::string &Path) {
  std::ifstream In(Path, std::ios::binary);
  if (!In)
    throw std::runtime_error("cannot read " + Path);
  std::ostringstream SS;
  SS << In.rdbuf();
  return SS.str();
}

static std::string trim(const std::string &S) {
  size_t B = S.find_first_not_of(" \t\r");
  if (B == std::string::npos)
    return "";
  size_t E = S.find_last_not_of(" \t\r");
  return S.substr(B, E - B + 1);
}

static std::vector<std::string> splitList(const std::string &S) {
  std::vector<std::string> Out;
  std::stringstream SS(S);
  std::string Item;
  while (std::getline(SS, Item, ','))
    if (!trim(Item).empty())
      Out.push_back(trim(Item));
  return Out;
}

Fixture parseFixture(const std::string &Path) {
  Fixture F;
  F.Path = Path;
  std::istringstream In(readFile(Path));
  // `:[[@LINE-1]]:3: warning: text` or `:12:3: warning: text`
  static const std::regex Expectation(
      R"(^:(\[\[@LINE([+-]\d+)?\]\]|\d+):(\d+): (warning|error|note): (.*)$)");
  std::string Line;
  unsigned LineNo = 0;
  auto Fail = [&](const std::string &Why) {
    throw std::runtime_error(Path + ":" + std::to_string(LineNo) + ": " + Why);
  };
  while (std::getline(In, Line)) {
    ++LineNo;
    size_t Comment = Line.find("// ");
    if (Comment == std::string::npos)
      continue;
    std::string Text = Line.substr(Comment + 3);
    auto Directive = [&](const std::string &Name, std::string &Rest) {
      if (Text.rfind(Name + ":", 0) != 0)
        return false;
      Rest = trim(Text.substr(Name.size() + 1));
      return true;
    };
    std::string Rest;
    if (Directive("CHECK-MESSAGES", Rest) || Directive("CHECK-NOTES", Rest)) {
      std::smatch M;
      if (!std::regex_match(Rest, M, Expectation))
        Fail("malformed expectation '" + Rest + "'");
      Diagnostic D;
      if (M[1].str().rfind("[[", 0) == 0)
        D.Line = unsigned(int(LineNo) + (M[2].matched ? std::stoi(M[2]) : 0));
      else
        D.Line = unsigned(std::stoul(M[1]));
      D.Column = unsigned(std::stoul(M[3]));
      D.Level = M[4];
      D.Message = trim(M[5]);
      F.Expected.push_back(D);
    } else if (Directive("CHECK-FIXES", Rest)) {
      F.ExpectedFixes.push_back(Rest);
    } else if (Directive("CHECKS", Rest)) {
      F.Checks = splitList(Rest);
    } else if (Directive("CHECK-OPTION", Rest)) {
      size_t Eq = Rest.find('=');
      if (Eq == std::string::npos)
        Fail("CHECK-OPTION expects key=value");
      F.Options.emplace_back(trim(Rest.substr(0, Eq)),
                             trim(Rest.substr(Eq + 1)));
    } else if (Directive("COMPILE-FLAGS", Rest)) {
      std::istringstream Flags(Rest);
      std::string Flag;
      while (Flags >> Flag)
        F.CompileFlags.push_back(Flag);
    } else if (Text.rfind("CHECK", 0) == 0 && Text.find(':') != std::string::npos &&
               Text.find(' ') > Text.find(':')) {
      Fail("unknown directive '" + Text.substr(0, Text.find(':')) + "'");
    }
  }
  if (F.Checks.empty())
    F.Checks.push_back("corolint-" +
                       std::filesystem::path(Path).stem().string());
  return F;
}

std::vector<Diagnostic> parseDiagnostics(const std::string &Output,
                                         const std::string &File,
                                         std::vector<std::string> &OtherErrors) {
  static const std::regex Located(
      R"(^(.+):(\d+):(\d+): (warning|error|note): (.*)$)");
  std::vector<Diagnostic> Result;
  std::istringstream In(Output);
  std::string Line;
  const std::string Wanted = std::filesystem::weakly_canonical(File).string();
  while (std::getline(In, Line)) {
    std::smatch M;
    if (!std::regex_match(Line, M, Located))
      continue;
    Diagnostic D{unsigned(std::stoul(M[2])), unsigned(std::stoul(M[3])), M[4],
                 trim(M[5])};
    std::error_code EC;
    auto Canon = std::filesystem::weakly_canonical(M[1].str(), EC);
    if (!EC && Canon.string() == Wanted)
      Result.push_back(D);
    else if (D.Level == "error")
      OtherErrors.push_back(Line);
  }
  return Result;
}

static bool matches(const Diagnostic &Expected, const Diagnostic &Actual) {
  return Expected.Line == Actual.Line && Expected.Column == Actual.Column &&
         Expected.Level == Actual.Level &&
         Actual.Message.rfind(Expected.Message, 0) == 0;
}

std::vector<std::string> compare(const std::vector<Diagnostic> &Expected,
                                 const std::vector<Diagnostic> &Actual) {
  std::vector<std::string> Problems;
  std::vector<bool> Used(Actual.size(), false);
  for (const Diagnostic &E : Expected) {
    bool Found = false;
    for (size_t I = 0; I < Actual.size() && !Found; ++I)
      if (!Used[I] && matches(E, Actual[I]))
        Used[I] = Found = true;
    if (!Found)
      Problems.push_back("missing:    " + E.str());
  }
  for (size_t I = 0; I < Actual.size(); ++I)
    if (!Used[I])
      Problems.push_back("unexpected: " + Actual[I].str());
  return Problems;
}

std::vector<std::string> missingFixes(const std::vector<std::string> &Expected,
                                      const std::string &FixedText) {
  std::vector<std::string> Lines;
  std::istringstream In(FixedText);
  std::string Line;
  while (std::getline(In, Line))
    Lines.push_back(trim(Line));
  std::vector<std::string> Missing;
  size_t Next = 0;
  for (const std::string &E : Expected) {
    auto It = std::find(Lines.begin() + long(Next), Lines.end(), trim(E));
    if (It == Lines.end()) {
      Missing.push_back(E);
      continue;
    }
    Next = size_t(It - Lines.begin()) + 1;
  }
  return Missing;
}

std::string shellQuote(const std::string &S) {
  std::string Q = "'";
  for (char C : S)
    Q += C == '\'' ? std::string("'\\''") : std::string(1, C);
  return Q + "'";
}

CommandResult runCommand(const std::string &Command) {
  CommandResult R;
  FILE *Pipe = popen((Command + " 2>&1").c_str(), "r");
  if (!Pipe)
    return R;
  std::array<char, 4096> Buffer;
  size_t N;
  while ((N = fread(Buffer.data(), 1, Buffer.size(), Pipe)) > 0)
    R.Output.append(Buffer.data(), N);
  int Status = pclose(Pipe);
  R.Status = WIFEXITED(Status) ? WEXITSTATUS(Status) : -1;
  return R;
}

std::string testNameOfFile(const std::string &Path) {
  std::string Name = std::filesystem::path(Path).stem().string();
  for (char &C : Name)
    if (!isalnum(static_cast<unsigned char>(C)))
      C = '_';
  return Name;
}

} // namespace corolint::test
