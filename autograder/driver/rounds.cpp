#include "rounds.hpp"

namespace driver {

std::string replay_command(const std::string& lab, const std::string& test, unsigned long long seed,
                           int rounds) {
    return "make grade LAB=" + lab + " TEST='" + test + "' SEED=" + std::to_string(seed) +
           (rounds == kDefaultRounds ? "" : " ROUNDS=" + std::to_string(rounds));
}

void merge_rounds(const std::string& lab, int settings_rounds, TestOutcome& test,
                  const std::vector<const TestOutcome*>& rounds,
                  const std::vector<unsigned long long>& seeds) {
    test.rounds = static_cast<int>(rounds.size());
    test.failed_rounds = 0;
    test.passed = true;
    test.seconds = test.wall = test.cpu = 0;
    test.seed = seeds.front();
    const TestOutcome* first_failure = nullptr;
    for (std::size_t i = 0; i < rounds.size(); ++i) {
        test.seconds += rounds[i]->seconds;
        test.wall += rounds[i]->wall;
        test.cpu += rounds[i]->cpu;
        test.sandbox = rounds[i]->sandbox;
        if (rounds[i]->passed) continue;
        ++test.failed_rounds;
        test.passed = false;
        if (!first_failure) {
            first_failure = rounds[i];
            test.seed = seeds[i];
        }
    }
    if (test.passed) {
        test.output.clear();
        return;
    }
    const std::string n = std::to_string(test.rounds), k = std::to_string(test.failed_rounds);
    const std::string replay = "replay with SEED=" + std::to_string(test.seed) + ": " +
                               replay_command(lab, test.name, test.seed, settings_rounds);
    if (test.rounds == 1)
        test.output = "failed under the schedule of SEED=" + std::to_string(test.seed) + " (" +
                      replay_command(lab, test.name, test.seed, settings_rounds) + ")\n";
    else if (test.failed_rounds == test.rounds)
        test.output = "failed " + k + " of " + n + " schedules; " + replay + "\n";
    else
        test.output = "race: failed " + k + " of " + n + " schedules; " + replay +
                      "\nThe same program passed under the other schedules, so its result "
                      "depends on how its processes interleave: some step that must happen "
                      "under a lock, a semaphore or in one call is not. What this schedule "
                      "lost or duplicated:\n";
    test.output += first_failure->output;
    test.unimplemented = first_failure->unimplemented;
    test.hung = first_failure->hung;
}

}  // namespace driver
