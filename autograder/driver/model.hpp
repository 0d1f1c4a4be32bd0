// The driver's model of a grading run: where things are, what was asked for, and what became
// of each lab and test. Every part of the driver speaks of these; grading.hpp makes them.
#pragma once

#include <string>
#include <vector>

namespace driver {

struct Paths {
    std::string source;  // the project's root (common/, handouts/, autograder/selftest/)
    std::string suites;  // built suite executables, one per lab, named like the lab
    std::string cache;   // compiled student programs, by content hash
};

// How many perturbed rounds a concurrent test gets unless ROUNDS says otherwise.
constexpr int kDefaultRounds = 3;

struct Settings {
    std::string submission;  // a directory laid out like labs/
    std::string lab;   // "" = every lab; otherwise lab names or number prefixes, comma-separated
    std::string test;  // "" = every test; otherwise a substring of test names
    std::vector<std::string> only;  // if not empty: just the tests of these exact names
    bool valgrind = false;
    bool sandbox = true;  // run each test in its own sandbox (autograder/harness/sandbox.hpp)
    int jobs = 2;
    // Concurrent tests (CONCURRENT_GRADED) run ROUNDS times, each under a fresh seed of the
    // schedule perturber (docs/perturber.md); SEED replays one plan once instead. perturb=false
    // (and valgrind, which serialises the programs' threads anyway) runs them once, unperturbed.
    int rounds = kDefaultRounds;
    long long seed = -1;  // < 0: fresh seeds
    bool perturb = true;
    bool concurrent_only = false;  // grade only the CONCURRENT_GRADED tests
    bool until_failure = false;  // self-tests: stop a concurrent test's rounds at its first failure
};

struct TestOutcome {
    std::string name;
    int points = 0;
    bool passed = false;
    std::string output;
    double seconds = 0;  // inside the test, as the suite measured it
    // What the test cost, as the driver saw it: its suite process from start to end (sandbox
    // set-up included) and the CPU time of everything it ran; summed over a concurrent test's
    // rounds.
    double wall = 0, cpu = 0;
    std::string sandbox;               // how the test's programs were isolated
    bool hidden = false;               // a HIDDEN_GRADED test: absent from the student release
    bool concurrent = false;           // a CONCURRENT_GRADED test: graded under the perturber
    std::vector<std::string> clauses;  // the ids of docs/contract.md that the test checks
    // The programs that said "not implemented" (a skeleton's) during the test.
    std::vector<std::string> unimplemented;
    bool hung = false;  // a program of it timed out or deadlocked
    // Under the perturber: the rounds run, how many failed, and the seed of the first failure
    // (or of the first round when none failed).
    int rounds = 0, failed_rounds = 0;
    unsigned long long seed = 0;
};

struct LabOutcome {
    std::string lab;
    bool built = true;
    std::string build_log;  // compiler errors and warnings
    std::vector<TestOutcome> tests;
    int score() const;
    int max_score() const;
};

}  // namespace driver
