// What a suite process finds around it: a private scratch directory, and what the driver asked
// of it through the environment (the names are protocol.hpp's): valgrind, the schedule
// perturber and its rounds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace grade {

bool valgrind_mode();  // IPCLAB_VALGRIND=1
// The share of a concurrent test's volume (items, increments) that one round does: N divided by
// the rounds the driver runs it for under the schedule perturber (IPCLAB_ROUNDS), N otherwise.
// The rounds together do the work one unperturbed run did, each under another schedule.
std::uint64_t per_round(std::uint64_t n);
// The environment entries that put a student program started now under the schedule perturber
// (docs/perturber.md); none when this test is not perturbed.
std::vector<std::string> perturb_env();
// A private scratch directory for this process, made on first use; student programs run in it.
const std::string& scratch_dir();
void remove_scratch_dir();

}  // namespace grade
