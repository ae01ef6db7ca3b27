//===----------------------------------------------------------------------===//
//
// Shared state: which expressions inside a coroutine denote state that other
// coroutines can reach while this one is suspended.
//
// Purely syntactic and local to one coroutine body: a location is named by
// the variable at its root and the fields on the way (`this->stats.hits`).
// Aliases are not followed: state reached through a local pointer or
// reference, or through a call, is not recognised.
//
// This file never emits diagnostics: it derives facts that checks word.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_SHAREDSTATE_H
#define COROLINT_CHECKS_ANALYSIS_SHAREDSTATE_H

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace clang::tidy::corolint::analysis {

/// A piece of state that outlives one call of the coroutine and that other
/// coroutines can reach: a member reached through `this`, a variable with
/// static storage (namespace scope, static data member, function-local
/// static), the object behind a reference or pointer parameter, or a
/// variable a coroutine lambda captured by reference.
///
/// Identified by a base and a path of steps: fields, and dereferences of a
/// pointer or smart pointer held in shared state. `this->stats.hits` is
/// (this, [stats, hits]); `this->conn->state` is (this, [conn, *, state]).
/// Indexing and element access of a container (`v[i]`, `m.at(k)`,
/// `opt.value()`) do not extend the path: `cache[k]` is `cache`.
struct SharedLocation {
  /// The variable at the root; nullptr for members reached through `this`.
  const ValueDecl *Base = nullptr;
  /// Fields, and nullptr for a dereference step.
  llvm::SmallVector<const FieldDecl *, 2> Path;
  /// The location as a user would spell it: "value", "stats.hits", "p->x",
  /// "*conn".
  std::string Name;

  /// Same location, or one contains the other (a write to `stats` conflicts
  /// with a read of `stats.hits`, and the other way round). A pointer does
  /// not contain what it points to: `conn` and `*conn` do not overlap.
  bool overlaps(const SharedLocation &Other) const;
};

/// A location-forming expression, analysed: the location it denotes, the
/// location expression it extends, and the keys used by its last step.
struct SharedAccess {
  SharedLocation Location;
  /// The location expression this one extends (`cache` in `cache[k]`,
  /// `stats` in `stats.hits`); nullptr at the root.
  const Expr *Object = nullptr;
  /// The index or key operands when the expression is an element access
  /// (`k` in `cache[k]`, `cache.at(k)`, `arr[i]`); empty otherwise.
  llvm::SmallVector<const Expr *, 2> Keys;
  /// True when the expression selects an element of its object (subscript,
  /// `at`, `front`, `back`, `value`, `*`, `->`).
  bool IsElement = false;
};

/// The shared location \p E denotes when evaluated inside \p Coroutine, when
/// \p E itself is a location-forming node (a DeclRefExpr, MemberExpr,
/// dereference, subscript or element accessor call). Implicit nodes are not
/// stripped from \p E itself, only from its operands. std::nullopt for
/// locals, by-value parameters, temporaries and anything else that only this
/// coroutine call can reach.
std::optional<SharedAccess> locateShared(const Expr &E,
                                         const FunctionDecl &Coroutine);

/// The shared location \p E denotes (parentheses and implicit casts
/// stripped), or std::nullopt; see locateShared.
std::optional<SharedLocation> sharedLocationOf(const Expr &E,
                                               const FunctionDecl &Coroutine);

/// Methods that hand out an element of the object (`v[i]`, `m.at(k)`,
/// `opt.value()`, `*ptr`, `ptr->`): the result is the same location, and
/// what happens to it decides between read and write.
bool isElementAccessor(const CXXMethodDecl *MD);

/// Non-const lookups that do not change the container (`find`, `begin`,
/// `end`, `lower_bound`, ...; a non-const `map` picks the non-const `find`).
bool isLookupOnly(const CXXMethodDecl *MD);

/// A non-static, non-const member function that is neither an element
/// accessor, a lookup nor a conversion: calling it on shared state writes it.
/// (Atomic compare-exchange counts: it writes when the value is unchanged.)
bool isMutatingMember(const CXXMethodDecl *MD);

/// A member function that adds or removes elements of a container by name:
/// `insert`, `emplace`, `try_emplace`, `erase`, `push_back`, `pop_front`,
/// `push`, `pop`, ... Whether the call is correct depends on what the
/// container held (a key was missing, the queue was not empty). Certain only
/// up to naming: any class with a member of that name counts.
bool isElementInsertOrErase(const CXXMethodDecl *MD);

} // namespace clang::tidy::corolint::analysis

#endif
