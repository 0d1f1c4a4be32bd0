// A concurrent test's rounds under the schedule perturber, merged into one verdict.
#pragma once

#include <string>
#include <vector>

#include "model.hpp"

namespace driver {

// The command that replays SEED's schedule of TEST: `make grade LAB=... TEST='...' SEED=...`.
std::string replay_command(const std::string& lab, const std::string& test, unsigned long long seed,
                           int rounds);

// One verdict from a concurrent test's rounds. Failing under every schedule is an ordinary
// failure; failing under some only is a race: the program is right for some interleavings and
// wrong for others, which no amount of re-running fixes. Either way the seed of a failing round
// replays its schedule, and that round's own feedback says what went wrong.
void merge_rounds(const std::string& lab, int settings_rounds, TestOutcome& test,
                  const std::vector<const TestOutcome*>& rounds,
                  const std::vector<unsigned long long>& seeds);

}  // namespace driver
