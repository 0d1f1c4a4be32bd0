// Unit tests of how a concurrent test's rounds become one verdict: the wording a student reads
// after a race must say it is a race, which seed replays it, and what that schedule broke.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <sstream>

#include "report.hpp"
#include "rounds.hpp"

using namespace driver;

namespace {

TestOutcome round(bool passed, const std::string& output = "") {
    TestOutcome t;
    t.name = "4 producers";
    t.passed = passed;
    t.output = output;
    t.seconds = 1;
    return t;
}

TestOutcome merged(const std::vector<TestOutcome>& rounds, int settings_rounds = 3) {
    TestOutcome test = round(false);
    std::vector<const TestOutcome*> ptrs;
    std::vector<unsigned long long> seeds;
    for (std::size_t i = 0; i < rounds.size(); ++i) {
        ptrs.push_back(&rounds[i]);
        seeds.push_back(100 + i);
    }
    merge_rounds("07-semaphores", settings_rounds, test, ptrs, seeds);
    return test;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("passing every schedule passes, with no output") {
    auto t = merged({round(true), round(true), round(true)});
    CHECK(t.passed);
    CHECK(t.output.empty());
    CHECK(t.rounds == 3);
    CHECK(t.failed_rounds == 0);
    CHECK(t.seconds == 3);
}

TEST_CASE("failing some schedules is a race, with the first failing seed and its feedback") {
    auto t = merged({round(true), round(false, "item 7 twice\n"), round(false, "item 9 lost\n")});
    CHECK_FALSE(t.passed);
    CHECK(t.failed_rounds == 2);
    CHECK(t.seed == 101);
    CHECK(t.output.rfind("race: failed 2 of 3 schedules; replay with SEED=101: ", 0) == 0);
    CHECK(has(t.output, "make grade LAB=07-semaphores TEST='4 producers' SEED=101\n"));
    CHECK(has(t.output, "item 7 twice"));
    CHECK_FALSE(has(t.output, "item 9 lost"));
    CHECK_FALSE(has(t.output, "flaky"));
}

TEST_CASE("failing every schedule is an ordinary failure, not a race") {
    auto t = merged({round(false, "wrong\n"), round(false, "wrong\n"), round(false, "wrong\n")});
    CHECK_FALSE(t.passed);
    CHECK(t.output.rfind("failed 3 of 3 schedules; replay with SEED=100", 0) == 0);
    CHECK_FALSE(has(t.output, "race"));
}

TEST_CASE("a replayed seed names itself, and ROUNDS when it is not the default") {
    auto t = merged({round(false, "lost\n")}, 5);
    CHECK(t.output.rfind("failed under the schedule of SEED=100 (", 0) == 0);
    CHECK(has(t.output, "SEED=100 ROUNDS=5)"));
    CHECK(replay_command("05-fifo", "64 clients", 7, 3) ==
          "make grade LAB=05-fifo TEST='64 clients' SEED=7");
}

TEST_CASE("a round that hung, or met a skeleton, says so in the verdict") {
    auto hung = round(false, "deadlocked");
    hung.hung = true;
    hung.unimplemented = {"bb_init"};
    auto t = merged({round(true), hung});
    CHECK(t.hung);
    CHECK(t.unimplemented == std::vector<std::string>{"bb_init"});
}

TEST_CASE("the report says 'not implemented' once per program and ends with a table") {
    LabOutcome lab;
    lab.lab = "01-shm-open";
    for (int i = 0; i < 3; ++i) {
        TestOutcome t = round(false, "exit 1; stderr: shm_create: not implemented");
        t.name = "test " + std::to_string(i);
        t.points = 5;
        t.unimplemented = {"shm_create"};
        lab.tests.push_back(t);
    }
    TestOutcome other = round(false, "expected: something else");
    other.name = "other";
    other.points = 10;
    lab.tests.push_back(other);
    LabOutcome done = lab;
    done.lab = "02-shm-rw";
    for (auto& t : done.tests)
        t.passed = true;
    std::ostringstream out;
    print_report(out, {lab, done}, false);
    const std::string text = out.str();
    CHECK(has(text, "FAIL   0/15  shm_create: not implemented (3 tests)\n"));
    CHECK(!has(text, "FAIL   0/5   test 1"));
    CHECK(has(text, "expected: something else"));
    CHECK(has(text, "01-shm-open       0/25      4 of 4\n"));
    CHECK(has(text, "02-shm-rw         25/25     0 of 4\n"));
}
