//===----------------------------------------------------------------------===//
//
// The YAML grammar shared by `.corolint.yaml` and runtime model files: the
// value of one `roles:` row, a role name or a list of role names.
//
//===----------------------------------------------------------------------===//

#ifndef COROLINT_CHECKS_ANALYSIS_ROLEYAML_H
#define COROLINT_CHECKS_ANALYSIS_ROLEYAML_H

#include "Roles.h"

#include <yaml-cpp/yaml.h>

#include <string>
#include <variant>

namespace clang::tidy::corolint::analysis {

/// The roles of one row `Name: role` or `Name: [role, ...]`, or the first
/// problem (an unknown role lists the valid ones), located in \p Path.
std::variant<RoleSet, ConfigError>
parseRoleValue(const YAML::Node &Value, llvm::StringRef Path,
               llvm::StringRef Name);

/// The YAML document \p Text, or its syntax error located in \p Path.
std::variant<YAML::Node, ConfigError> loadYaml(llvm::StringRef Text,
                                               llvm::StringRef Path);

/// The contents of file \p Path, or an error "cannot read <What>: <reason>".
std::variant<std::string, ConfigError> readConfigFile(llvm::StringRef Path,
                                                      llvm::StringRef What);

/// \p Message located at \p Mark of \p Path.
ConfigError yamlError(llvm::StringRef Path, const YAML::Mark &Mark,
                      std::string Message);

} // namespace clang::tidy::corolint::analysis

#endif
