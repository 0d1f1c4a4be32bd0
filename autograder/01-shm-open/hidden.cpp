// Lab 01-shm-open, hidden tests: graded by the instructor and on Gradescope, left out of the
// student release (see autograder/harness/hidden.hpp).
#include "hidden.hpp"

using namespace grade;

HIDDEN_GRADED("shm_remove removes an object it may not open", 5, "01.remove") {
    // Removing a name is an operation on the directory (/dev/shm), like unlink(2): the object's
    // own permission bits do not matter, so a program that opens NAME first to "check" it fails.
    auto name = fresh_shm_name();
    make_shm(name, random_bytes(100), 0000);
    expect_exit(run_student("shm_remove", {name}), 0,
                "shm_unlink needs no access to the object itself: do not open NAME before "
                "removing it");
    expect(!shm_info(name), "no " + name, name + " is still there", "call shm_unlink(NAME)");
}
