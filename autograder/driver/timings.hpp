// What each test of a grading cost (`ipclab-grade --timings`): for whoever wants grading faster
// and needs to know where the time goes.
#pragma once

#include <ostream>
#include <vector>

#include "model.hpp"

namespace driver {

// Each lab's tests, costliest first, then a line per lab: wall and CPU seconds. ELAPSED is the
// whole grading's wall time, which the sum of the tests' exceeds when they overlap.
void print_timings(std::ostream& out, const std::vector<LabOutcome>& labs, double elapsed);

}  // namespace driver
