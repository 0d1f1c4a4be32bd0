// Hidden tests: graded by the instructor's grader and on Gradescope, absent from the student
// release. Put them in a file of the lab's suite named hidden*.cpp (autograder/NN-name/hidden.cpp):
// `make dist` leaves those files out and refuses HIDDEN_GRADED anywhere else.
//
//     #include "hidden.hpp"
//     HIDDEN_GRADED("shm_create survives a full /dev/shm", 5, "01.create.size") { ... }
//
// They are ordinary graded tests (points, record, rubric line in the handout) that doctest also
// files under the test suite "hidden": `build/suites/NN-name -ltc -ts=hidden` lists them. In
// results.json their visibility is "after_published": Gradescope shows them to a student only
// once the instructor publishes the grades.
#pragma once

#include "graded.hpp"

#define HIDDEN_GRADED(name, points, clauses)                   \
    static const int DOCTEST_ANONYMOUS(ipclab_points_) =       \
        ::grade::register_points(name, points, clauses, true); \
    TEST_CASE(name* doctest::test_suite("hidden"))
