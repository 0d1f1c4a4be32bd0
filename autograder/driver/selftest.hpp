// The grader's checks on itself: mutants (buggy variants of a reference solution that the
// suite must catch with the right hint) and hostile programs (a grade that stays honest). The
// audit of the labs' consistency is in audit.hpp.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "model.hpp"

namespace driver {

// A mutant's header: the tests that must catch it ("# caught-by: TEST" lines) and the text
// their feedback must contain ("# hint: TEXT").
struct Mutant {
    std::string lab, bug;  // autograder/selftest/<lab>/<bug>.patch
    std::vector<std::string> caught_by;
    std::string hint;
};
Mutant read_mutant(const std::filesystem::path& patch);

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

}  // namespace driver
