//===----------------------------------------------------------------------===//
//
// Findings to and from llvm::json.
//
//===----------------------------------------------------------------------===//

#include "FindingJson.h"

#include "llvm/Support/MemoryBuffer.h"

#include <tuple>

namespace corolint {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

static Value toJson(const SourcePosition &P) {
  return Object{{"file", P.File}, {"line", P.Line}, {"column", P.Column}};
}

static bool fromJson(const Value &V, SourcePosition &P) {
  const Object *O = V.getAsObject();
  if (!O)
    return false;
  auto File = O->getString("file");
  auto Line = O->getInteger("line");
  auto Column = O->getInteger("column");
  if (!File || !Line || !Column || *Line < 0 || *Column < 0)
    return false;
  P.File = File->str();
  P.Line = unsigned(*Line);
  P.Column = unsigned(*Column);
  return true;
}

Value toJson(const Finding &F) {
  Object O = *toJson(F.Where).getAsObject();
  O["check"] = F.Check;
  O["severity"] = F.Level == Severity::Error ? "error" : "warning";
  O["message"] = F.Message;
  if (!F.Fingerprint.empty())
    O["fingerprint"] = F.Fingerprint;
  Array Notes;
  for (const FindingNote &N : F.Notes) {
    Object NO = *toJson(N.Where).getAsObject();
    NO["message"] = N.Message;
    Notes.push_back(std::move(NO));
  }
  O["notes"] = std::move(Notes);
  Array Fixes;
  for (const TextEdit &E : F.Fixes)
    Fixes.push_back(Object{{"file", E.File},
                           {"offset", E.Offset},
                           {"length", E.Length},
                           {"replacement", E.Replacement}});
  O["fixes"] = std::move(Fixes);
  return O;
}

std::optional<Finding> findingFromJson(const Value &V) {
  const Object *O = V.getAsObject();
  Finding F;
  if (!O || !fromJson(V, F.Where))
    return std::nullopt;
  auto Check = O->getString("check");
  auto Level = O->getString("severity");
  auto Message = O->getString("message");
  if (!Check || !Level || !Message)
    return std::nullopt;
  F.Check = Check->str();
  F.Level = *Level == "error" ? Severity::Error : Severity::Warning;
  F.Message = Message->str();
  if (auto Fingerprint = O->getString("fingerprint"))
    F.Fingerprint = Fingerprint->str();
  if (const Array *Notes = O->getArray("notes"))
    for (const Value &N : *Notes) {
      FindingNote Note;
      const Object *NO = N.getAsObject();
      if (!NO || !fromJson(N, Note.Where) || !NO->getString("message"))
        return std::nullopt;
      Note.Message = NO->getString("message")->str();
      F.Notes.push_back(std::move(Note));
    }
  if (const Array *Fixes = O->getArray("fixes"))
    for (const Value &E : *Fixes) {
      const Object *EO = E.getAsObject();
      if (!EO)
        return std::nullopt;
      auto File = EO->getString("file");
      auto Offset = EO->getInteger("offset");
      auto Length = EO->getInteger("length");
      auto Replacement = EO->getString("replacement");
      if (!File || !Offset || !Length || !Replacement || *Offset < 0 ||
          *Length < 0)
        return std::nullopt;
      F.Fixes.push_back({File->str(), unsigned(*Offset), unsigned(*Length),
                         Replacement->str()});
    }
  return F;
}

static Array toJson(const std::vector<Finding> &Findings) {
  Array A;
  for (const Finding &F : Findings)
    A.push_back(toJson(F));
  return A;
}

static bool fromJson(const Object &O, llvm::StringRef Key,
                     std::vector<Finding> &Out) {
  const Array *A = O.getArray(Key);
  if (!A)
    return false;
  for (const Value &V : *A) {
    auto F = findingFromJson(V);
    if (!F)
      return false;
    Out.push_back(std::move(*F));
  }
  return true;
}

Value toJson(const FileResult &R) {
  Array Inputs;
  for (const auto &[Path, Hash] : R.Inputs)
    Inputs.push_back(Array{Path, Hash});
  return Object{{"file", R.File},
                {"findings", toJson(R.Findings)},
                {"errors", toJson(R.Errors)},
                {"configErrors", toJson(R.ConfigErrors)},
                {"failure", R.Failure},
                {"inputs", std::move(Inputs)}};
}

std::optional<FileResult> fileResultFromJson(const Value &V) {
  const Object *O = V.getAsObject();
  if (!O)
    return std::nullopt;
  FileResult R;
  auto File = O->getString("file");
  auto Failure = O->getString("failure");
  const Array *Inputs = O->getArray("inputs");
  if (!File || !Failure || !Inputs || !fromJson(*O, "findings", R.Findings) ||
      !fromJson(*O, "errors", R.Errors) ||
      !fromJson(*O, "configErrors", R.ConfigErrors))
    return std::nullopt;
  R.File = File->str();
  R.Failure = Failure->str();
  for (const Value &I : *Inputs) {
    const Array *Pair = I.getAsArray();
    if (!Pair || Pair->size() != 2 || !(*Pair)[0].getAsString() ||
        !(*Pair)[1].getAsString())
      return std::nullopt;
    R.Inputs.emplace_back((*Pair)[0].getAsString()->str(),
                          (*Pair)[1].getAsString()->str());
  }
  return R;
}

/// Where JSON text nests deeper than MaxJsonDepth, as a 0-based offset; npos
/// when it does not. Strings are skipped, so brackets inside them do not count.
static size_t tooDeepAt(llvm::StringRef Text) {
  unsigned Depth = 0;
  bool InString = false;
  for (size_t I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (InString) {
      if (C == '\\')
        ++I;
      else if (C == '"')
        InString = false;
    } else if (C == '"') {
      InString = true;
    } else if (C == '[' || C == '{') {
      if (++Depth > MaxJsonDepth)
        return I;
    } else if ((C == ']' || C == '}') && Depth) {
      --Depth;
    }
  }
  return llvm::StringRef::npos;
}

/// "PATH:LINE:COL: " of byte \p Offset of \p Text (1-based line and column).
static std::string positionOf(llvm::StringRef Path, llvm::StringRef Text,
                              size_t Offset) {
  llvm::StringRef Before = Text.take_front(Offset);
  size_t Line = Before.count('\n') + 1;
  size_t LineStart = Before.rfind('\n');
  size_t Column =
      LineStart == llvm::StringRef::npos ? Offset + 1 : Offset - LineStart;
  return Path.str() + ":" + std::to_string(Line) + ":" +
         std::to_string(Column) + ": ";
}

std::optional<Value> parseJsonText(llvm::StringRef Text, llvm::StringRef Path,
                                   std::string &Error) {
  if (size_t Deep = tooDeepAt(Text); Deep != llvm::StringRef::npos) {
    Error = positionOf(Path, Text, Deep) + "not valid JSON: nested deeper " +
            "than " + std::to_string(MaxJsonDepth) + " levels";
    return std::nullopt;
  }
  auto Parsed = llvm::json::parse(Text);
  if (Parsed)
    return std::move(*Parsed);
  // llvm::json::ParseError logs "[LINE:COL, byte=OFFSET]: MESSAGE"; restate
  // it in the PATH:LINE:COL form that editors and terminals link.
  std::string Log = llvm::toString(Parsed.takeError());
  llvm::StringRef Rest(Log);
  size_t Offset = 0;
  llvm::StringRef Why = Rest;
  if (Rest.consume_front("[")) {
    auto [Where, Message] = Rest.split("]: ");
    auto [LineCol, Byte] = Where.split(", byte=");
    if (!Byte.getAsInteger(10, Offset) && Offset <= Text.size())
      Why = Message;
    else
      Offset = 0;
  }
  Error = positionOf(Path, Text, Offset) + "not valid JSON: " + Why.str();
  return std::nullopt;
}

std::optional<Value> readJsonFile(llvm::StringRef Path, std::string &Error) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer) {
    Error = "cannot read '" + Path.str() + "': " + Buffer.getError().message();
    return std::nullopt;
  }
  return parseJsonText((*Buffer)->getBuffer(), Path, Error);
}

bool reportOrder(const Finding &A, const Finding &B) {
  return std::tie(A.Where.File, A.Where.Line, A.Where.Column, A.Check,
                  A.Message) < std::tie(B.Where.File, B.Where.Line,
                                        B.Where.Column, B.Check, B.Message);
}

} // namespace corolint
