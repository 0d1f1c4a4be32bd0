// The grader's checks on itself: mutants (buggy variants of a reference solution that the
// suite must catch with the right hint) and the audit (every test has a mutant, and the
// handout's rubric lists exactly the suite's tests and points).
#pragma once

#include <ostream>
#include <string>

#include "grading.hpp"

namespace driver {

// Applies PATCH (autograder/selftest/<lab>/<bug>.patch) to a copy of the submission's lab,
// grades it, and checks that each test named by a "# caught-by:" line failed with the
// "# hint:" text in its feedback. Returns the exit status: 0 when the mutant was caught.
int check_mutant(const Paths& paths, Settings settings, const std::string& patch,
                 std::ostream& out);

// Returns 0 when every lab is consistent, 1 after listing what is not.
int audit(const Paths& paths, std::ostream& out);

}  // namespace driver
