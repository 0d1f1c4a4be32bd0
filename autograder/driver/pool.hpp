// The one way the driver runs many programs at once: compilers (build.cpp), a grading's tests
// (grading.cpp) and a class's gradings (batch/batch.cpp).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

#include "process.hpp"

namespace driver {

struct PoolOptions {
    int width = 2;  // programs at once that keep a CPU busy
    // Whether item i spends most of its time waiting (a test that watches a program sleep):
    // up to twice WIDTH such items run beside the WIDTH busy ones. None: every item is busy.
    std::function<bool(std::size_t)> waits;
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
