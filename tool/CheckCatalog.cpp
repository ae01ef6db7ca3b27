//===----------------------------------------------------------------------===//
//
// The check catalogue, from CheckList.def and the embedded doc pages.
//
//===----------------------------------------------------------------------===//

#include "CheckCatalog.h"

#include "llvm/ADT/StringMap.h"

#include <algorithm>

namespace corolint {

std::string CheckInfo::pagePath() const {
  return "docs/checks/" + llvm::StringRef(Name).drop_front(9).str() + ".md";
}

/// The "## What it does" section of \p Page, without the heading.
static std::string section(llvm::StringRef Page, llvm::StringRef Heading) {
  size_t Start = Page.find("\n## " + Heading.str());
  if (Start == llvm::StringRef::npos)
    return "";
  Start = Page.find('\n', Start + 1);
  size_t End = Page.find("\n## ", Start);
  return Page.slice(Start, End).trim().str();
}

const std::vector<CheckInfo> &checkCatalog() {
  static const std::vector<CheckInfo> Catalog = [] {
    llvm::StringMap<std::string> Pages;
#define COROLINT_CHECK_DOC(NAME, TEXT) Pages[NAME] = TEXT;
#include "CheckDocs.inc"
#undef COROLINT_CHECK_DOC
    std::vector<CheckInfo> Checks;
#define COROLINT_CHECK(NAME, CLASS, SUMMARY)                                   \
  {                                                                            \
    CheckInfo Info;                                                            \
    Info.Name = std::string("corolint-") + NAME;                               \
    Info.Summary = SUMMARY;                                                    \
    Info.Page = Pages.lookup(NAME);                                            \
    Info.WhatItDoes = section(Info.Page, "What it does");                      \
    Checks.push_back(std::move(Info));                                         \
  }
#include "CheckList.def"
    std::sort(Checks.begin(), Checks.end(),
              [](const CheckInfo &A, const CheckInfo &B) {
                return A.Name < B.Name;
              });
    return Checks;
  }();
  return Catalog;
}

const CheckInfo *findCheck(llvm::StringRef Name) {
  std::string Full =
      Name.starts_with("corolint-") ? Name.str() : "corolint-" + Name.str();
  for (const CheckInfo &Info : checkCatalog())
    if (Info.Name == Full)
      return &Info;
  return nullptr;
}

} // namespace corolint
