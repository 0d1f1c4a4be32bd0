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

// Grades labs 01 and 02 of the solutions with one program replaced by a hostile one
// (autograder/selftest/hostile/*.cpp) and checks that the grade stayed honest: the tests named by
// its "// fails:" lines fail, every other test passes, no process of it survives, nothing of it
// is left in /dev/shm, and no line of the reference solution appears in the feedback.
int check_hostile(const Paths& paths, Settings settings, const std::string& program,
                  std::ostream& out);

// Returns 0 when every lab is consistent, 1 after listing what is not.
int audit(const Paths& paths, std::ostream& out);

}  // namespace driver
