// The one way the driver runs many programs at once: compilers (build.cpp), a grading's tests
// (grading.cpp) and a class's gradings (batch/batch.cpp).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

#include "process.hpp"

namespace driver {

struct PoolOptions {
    int width = 2;  // CPUs to keep busy
    // The share of a CPU item i keeps busy while it runs (its CPU time over its wall time, last
    // time it ran); none: 1 for every item. Items start while their shares add up to WIDTH
    // (half a CPU more may be promised: shares are estimates, and an idle CPU is the costlier
    // mistake), so a test that mostly waits (it watches a program sleep) runs beside busy ones.
    std::function<double(std::size_t)> share;
    // Called at least every TICK seconds while programs run (a progress display).
    std::function<void()> tick;
    double tick_seconds = 0.2;
};

// Runs items 0 .. COUNT-1 in that order: START(i) starts item i's program (nullptr: nothing to
// run for it), FINISH(i, result) sees it end, as soon as it ends, whichever ends first.
void run_pool(std::size_t count, const PoolOptions& options,
              const std::function<std::unique_ptr<grade::Proc>(std::size_t)>& start,
              const std::function<void(std::size_t, const grade::Result&)>& finish);

}  // namespace driver
