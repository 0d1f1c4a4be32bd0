// Everything a lab's suite needs. A graded test reads like a rubric line:
//
//     GRADED("shm_remove removes the object", 10, "01.remove") {
//         auto name = fresh_shm_name();
//         make_shm(name, 16);
//         expect_exit(run_student("shm_remove", {name}), 0, "call shm_unlink(NAME)");
//         expect(!shm_exists(name), "no " + name, name + " is still there", "call shm_unlink");
//     }
//
// The points sit beside the name; the handout's rubric must list the same. The third argument
// names the clauses of docs/contract.md that the test checks, separated by spaces. The audit
// (ipclab-grade --audit) fails if a clause has no test or a test names a clause that is not there.
#pragma once

#include <doctest/doctest.h>

#include "check.hpp"
#include "fixtures.hpp"
#include "process.hpp"
#include "streams.hpp"
#include "watch.hpp"

namespace grade {
// Records a graded test's points and contract clauses under its name (hidden: see hidden.hpp;
// concurrent: below); returns the points.
int register_points(const char* name, int points, const char* clauses, bool hidden = false,
                    bool concurrent = false);
}  // namespace grade

#define GRADED(name, points, clauses)                    \
    static const int DOCTEST_ANONYMOUS(ipclab_points_) = \
        ::grade::register_points(name, points, clauses); \
    TEST_CASE(name)

// A test whose verdict can depend on how the scheduler interleaves the student's processes.
// The driver runs it ROUNDS times (default 3), each under a fresh seed of the schedule perturber
// (docs/perturber.md), which every student program the test starts gets preloaded; it passes
// only if it passes in every round.
#define CONCURRENT_GRADED(name, points, clauses)                      \
    static const int DOCTEST_ANONYMOUS(ipclab_points_) =              \
        ::grade::register_points(name, points, clauses, false, true); \
    TEST_CASE(name)
