// Everything a lab's suite needs. A graded test reads like a rubric line:
//
//     GRADED("shm_remove removes the object", 10) {
//         auto name = fresh_shm_name();
//         make_shm(name, 16);
//         expect_exit(run_student("shm_remove", {name}), 0, "call shm_unlink(NAME)");
//         expect(!shm_exists(name), "no " + name, name + " is still there", "call shm_unlink");
//     }
//
// The points sit beside the name; the handout's rubric must list the same (checked by the audit).
#pragma once

#include <doctest/doctest.h>

#include "check.hpp"
#include "fixtures.hpp"
#include "process.hpp"
#include "watch.hpp"

namespace grade {
// Records a graded test's points under its name (hidden: see hidden.hpp; concurrent: below);
// returns the points.
int register_points(const char* name, int points, bool hidden = false, bool concurrent = false);
}  // namespace grade

#define GRADED(name, points)                                                                     \
    static const int DOCTEST_ANONYMOUS(ipclab_points_) = ::grade::register_points(name, points); \
    TEST_CASE(name)

// A test whose verdict can depend on how the scheduler interleaves the student's processes.
// The driver runs it ROUNDS times (default 3), each under a fresh seed of the schedule perturber
// (docs/perturber.md), which every student program the test starts gets preloaded; it passes
// only if it passes in every round.
#define CONCURRENT_GRADED(name, points)                      \
    static const int DOCTEST_ANONYMOUS(ipclab_points_) =     \
        ::grade::register_points(name, points, false, true); \
    TEST_CASE(name)
