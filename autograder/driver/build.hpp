// Compiling a submission's programs. Each program is cached under a hash of everything that
// goes into it, so re-grading an unchanged submission compiles nothing, and a mutant that
// changes one file recompiles only that program.
#pragma once

#include <string>

#include "model.hpp"

namespace driver {

struct Build {
    bool ok = true;
    std::string log;  // compiler output for programs that failed (and their warnings)
};

// Compiles every <program>.cpp of SUBMISSION/LAB and places the executables in BIN_DIR.
Build build_lab(const Paths& paths, const Settings& settings, const std::string& lab,
                const std::string& bin_dir);

// Puts a copy of FILE at TO (a hard link where it can): the student's uid (root mode) must reach
// what it executes or preloads without passing through the build directory, which may sit in
// a directory only its owner can enter (/root, a 0700 checkout).
void place(const std::string& file, const std::string& to);

}  // namespace driver
