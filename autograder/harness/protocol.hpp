// What the driver and a suite process say to each other, in one place. The driver
// (driver/grading.cpp) starts one suite process per test with the environment below; the suite
// (harness/suite_main.cpp) lists its tests as Listing lines and reports each test it ran as a
// Record line in the file IPCLAB_RECORD names. Both sides write and parse through these
// functions only. A line is one JSON object.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grade::protocol {

// The environment the driver gives a suite process (besides TMPDIR, its scratch directory).
constexpr const char* kBin = "IPCLAB_BIN";            // the folder of the student's built programs
constexpr const char* kRecord = "IPCLAB_RECORD";      // the file the suite appends Record lines to
constexpr const char* kTest = "IPCLAB_TEST";          // the name of the one test to run
constexpr const char* kValgrind = "IPCLAB_VALGRIND";  // "1": student programs under valgrind
constexpr const char* kSandbox = "IPCLAB_SANDBOX";    // "0": no per-test sandbox (sandbox.hpp)
constexpr const char* kHide = "IPCLAB_HIDE";  // folders hidden from the student, ':'-separated
// Only for a round of a concurrent test under the schedule perturber (docs/perturber.md):
constexpr const char* kSeed = "IPCLAB_SEED";  // the schedule's seed, which the programs see
constexpr const char* kInputSeed = "IPCLAB_INPUT_SEED";    // the seed of the round's own inputs
constexpr const char* kPerturbLib = "IPCLAB_PERTURB_LIB";  // the perturber, to preload
constexpr const char* kRounds = "IPCLAB_ROUNDS";  // how many rounds the grading runs (per_round)

// Not the driver's: IPCLAB_USERNS=1 asks a suite run as root for the user-namespace sandbox
// (the tests of that mode), and a suite gives each perturbed program its IPCLAB_PERTURB_ID.
constexpr const char* kUserns = "IPCLAB_USERNS";
constexpr const char* kPerturbId = "IPCLAB_PERTURB_ID";

// "NAME=VALUE", an entry of Options::env.
std::string assign(const char* name, const std::string& value);

// `suite --ipclab-list` prints one Listing line per graded test, in the suite's order.
constexpr const char* kListOption = "--ipclab-list";
struct Listing {
    std::string name;                  // the test's name, as GRADED gave it
    int points = 0;                    // what it is worth
    std::vector<std::string> clauses;  // the ids of docs/contract.md it checks
    bool hidden = false;               // HIDDEN_GRADED: left out of the student release
    bool concurrent = false;           // CONCURRENT_GRADED: graded in rounds, perturbed
};
std::string write_listing(const Listing& listing);  // one line, '\n' included
// nullopt unless LINE is a whole listing (name and points at least).
std::optional<Listing> parse_listing(std::string_view line);

// What became of one test the suite ran: one line of the record file.
struct Record {
    std::string name;     // the test's name, as GRADED gave it
    int points = 0;       // what it is worth (the driver keeps the listing's)
    bool passed = false;  // every expectation held and the test's cleanups succeeded
    double seconds = 0;   // the test's own time, as the suite measured it
    std::string output;   // the feedback ("expected / got / hint"); "" when it passed
    std::string sandbox;  // how the test's programs were isolated (sandbox::describe())
    std::vector<std::string> unimplemented;  // programs that said "not implemented" (skeleton's)
    bool hung = false;  // a student's run timed out or deadlocked: no further round
};
std::string write_record(const Record& record);  // one line, '\n' included
// nullopt unless LINE is a whole record (name, passed, seconds and output at least, each of
// its type): a line cut short or garbled is no record at all.
std::optional<Record> parse_record(std::string_view line);
// The first whole record of test NAME among the lines of TEXT (a record file); nullopt when
// there is none. MALFORMED, if given, is set when some line was not a whole record.
std::optional<Record> find_record(std::string_view text, const std::string& name,
                                  bool* malformed = nullptr);

}  // namespace grade::protocol
