//===----------------------------------------------------------------------===//
//
// Fingerprints of findings.
//
//===----------------------------------------------------------------------===//

#include "Fingerprint.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"

namespace corolint {

std::string relativeToRoot(llvm::StringRef Path, llvm::StringRef SourceRoot) {
  if (SourceRoot.empty())
    return Path.str();
  std::string Root = SourceRoot.rtrim('/').str() + "/";
  if (Path.starts_with(Root))
    return Path.drop_front(Root.size()).str();
  return Path.str();
}

std::string normaliseWhitespace(llvm::StringRef Text) {
  std::string Out;
  bool Space = false;
  for (char C : Text) {
    if (llvm::isSpace(C)) {
      Space = true;
      continue;
    }
    if (Space && !Out.empty())
      Out += ' ';
    Space = false;
    Out += C;
  }
  return Out;
}

/// True for a block header that is not a function: namespaces, classes and
/// the like, whose bodies hold functions rather than statements.
static bool isScopeHeader(llvm::StringRef Header) {
  for (llvm::StringRef Word :
       {"namespace", "class", "struct", "union", "enum", "extern"}) {
    size_t At = Header.find(Word);
    while (At != llvm::StringRef::npos) {
      bool Start = At == 0 || !llvm::isAlnum(Header[At - 1]);
      size_t End = At + Word.size();
      bool Finish = End >= Header.size() || !llvm::isAlnum(Header[End]);
      if (Start && Finish && !Header.take_front(At).contains('('))
        return true;
      At = Header.find(Word, End);
    }
  }
  return !Header.contains('(');
}

std::string enclosingFunctionHeader(llvm::StringRef Text, size_t Offset) {
  // Each open brace with the text since the previous ';', '{' or '}'.
  std::vector<std::string> Open;
  size_t HeaderStart = 0;
  for (size_t I = 0; I < Text.size() && I < Offset; ++I) {
    char C = Text[I];
    if (C == '/' && I + 1 < Text.size() && Text[I + 1] == '/') {
      I = Text.find('\n', I);
      if (I == llvm::StringRef::npos)
        break;
      continue;
    }
    if (C == '/' && I + 1 < Text.size() && Text[I + 1] == '*') {
      I = Text.find("*/", I + 2);
      if (I == llvm::StringRef::npos)
        break;
      ++I;
      continue;
    }
    if (C == '"' || C == '\'') {
      for (++I; I < Text.size() && Text[I] != C && Text[I] != '\n'; ++I)
        if (Text[I] == '\\')
          ++I;
      continue;
    }
    if (C == '#' && (I == 0 || Text[I - 1] == '\n')) {
      // Preprocessor lines are not part of any header.
      while (I < Text.size() && Text[I] != '\n')
        I += Text[I] == '\\' ? 2 : 1;
      HeaderStart = I;
      continue;
    }
    if (C == '{') {
      Open.push_back(
          normaliseWhitespace(Text.slice(HeaderStart, I)));
      HeaderStart = I + 1;
    } else if (C == '}') {
      if (!Open.empty())
        Open.pop_back();
      HeaderStart = I + 1;
    } else if (C == ';') {
      HeaderStart = I + 1;
    }
  }
  for (const std::string &Header : Open)
    if (!isScopeHeader(Header))
      return Header;
  return "";
}

static size_t offsetOf(llvm::StringRef Text, unsigned Line, unsigned Column) {
  size_t Offset = 0;
  for (unsigned L = 1; L < Line && Offset != llvm::StringRef::npos; ++L) {
    Offset = Text.find('\n', Offset);
    if (Offset != llvm::StringRef::npos)
      ++Offset;
  }
  if (Offset == llvm::StringRef::npos)
    return Text.size();
  return std::min(Text.size(), Offset + (Column ? Column - 1 : 0));
}

void assignFingerprints(std::vector<Finding> &Findings,
                        llvm::StringRef SourceRoot) {
  std::map<std::string, std::unique_ptr<llvm::MemoryBuffer>> Files;
  for (Finding &F : Findings) {
    auto [It, Inserted] = Files.try_emplace(F.Where.File);
    if (Inserted)
      if (auto Buffer = llvm::MemoryBuffer::getFile(F.Where.File))
        It->second = std::move(*Buffer);
    llvm::StringRef Text = It->second ? It->second->getBuffer() : "";
    size_t Offset = offsetOf(Text, F.Where.Line, 1);
    size_t End = Text.find('\n', Offset);
    std::string LineText =
        normaliseWhitespace(Text.slice(Offset, End == llvm::StringRef::npos
                                                   ? Text.size()
                                                   : End));
    std::string Function = enclosingFunctionHeader(
        Text, offsetOf(Text, F.Where.Line, F.Where.Column));
    std::string Relative = relativeToRoot(F.Where.File, SourceRoot);
    llvm::SHA256 Hash;
    for (llvm::StringRef Part : {llvm::StringRef(F.Check),
                                 llvm::StringRef(Relative),
                                 llvm::StringRef(LineText),
                                 llvm::StringRef(Function)}) {
      Hash.update(Part);
      Hash.update(llvm::StringRef("\0", 1));
    }
    auto Digest = Hash.final();
    F.Fingerprint = llvm::toHex(llvm::ArrayRef(Digest).take_front(16),
                                /*LowerCase=*/true);
  }
}

} // namespace corolint
