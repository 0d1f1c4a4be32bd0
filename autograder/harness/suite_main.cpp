// The main() of every lab's suite: lists its graded tests, or runs the doctest cases and writes
// one record per graded test to $IPCLAB_RECORD for the driver (the lines are protocol.hpp's).
#define DOCTEST_CONFIG_IMPLEMENT
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "graded.hpp"
#include "protocol.hpp"
#include "sandbox.hpp"

namespace grade {

// The clause ids of a test, from the space-separated list of its GRADED line.
static std::vector<std::string> clause_ids(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

namespace {

// The driver's record file, opened before the sandbox takes our privileges away.
int& record_fd() {
    static int fd = -1;
    return fd;
}

struct Registered {
    std::string name;
    int points;
    std::string clauses;  // ids of docs/contract.md, space-separated
    bool hidden;
    bool concurrent;
};

std::vector<Registered>& registry() {
    static std::vector<Registered> tests;
    return tests;
}

int points_of(const std::string& name) {
    for (const auto& t : registry())
        if (t.name == name) return t.points;
    return 0;
}

// Collects each test's verdict. It is the grader's own code: a student's program can neither
// reach this process's memory nor the record file (its descriptors are closed before exec).
struct Recorder : doctest::IReporter {
    explicit Recorder(const doctest::ContextOptions&) {}
    void report_query(const doctest::QueryData&) override {}
    void test_run_start() override {}
    void test_run_end(const doctest::TestRunStats&) override {}
    void test_case_start(const doctest::TestCaseData& test) override {
        name_ = test.m_name;
        feedback_.clear();
        unimplemented().clear();
        hung() = false;
    }
    void test_case_reenter(const doctest::TestCaseData&) override {}
    void test_case_exception(const doctest::TestCaseException& e) override {
        feedback_ = e.error_string.c_str();
    }
    void subcase_start(const doctest::SubcaseSignature&) override {}
    void subcase_end() override {}
    void log_assert(const doctest::AssertData& a) override {
        if (a.m_failed && feedback_.empty()) feedback_ = std::string("check failed: ") + a.m_expr;
    }
    void log_message(const doctest::MessageData&) override {}
    void test_case_skipped(const doctest::TestCaseData&) override {}

    void test_case_end(const doctest::CurrentTestCaseStats& stats) override {
        // Whatever the test left running or lying around goes before the next test starts.
        kill_all_children();
        try {
            run_test_cleanups();
        } catch (const std::exception& e) {
            if (feedback_.empty()) feedback_ = std::string("cleanup failed: ") + e.what();
        }
        const bool passed = stats.testCaseSuccess && feedback_.empty();
        if (record_fd() >= 0) {
            const auto& programs = unimplemented();
            const std::string line = protocol::write_record(
                {.name = name_,
                 .points = points_of(name_),
                 .passed = passed,
                 .seconds = stats.seconds,
                 .output = feedback_,
                 .sandbox = sandbox::describe(),
                 .unimplemented = std::vector<std::string>(programs.begin(), programs.end()),
                 .hung = hung()});
            if (write(record_fd(), line.data(), line.size()) < 0) std::perror("record");
        }
    }

    std::string name_, feedback_;
};

REGISTER_LISTENER("ipclab-recorder", 1, Recorder);

}  // namespace

int register_points(const char* name, int points, const char* clauses, bool hidden,
                    bool concurrent) {
    registry().push_back({name, points, clauses, hidden, concurrent});
    return points;
}

}  // namespace grade

REGISTER_EXCEPTION_TRANSLATOR(const grade::Failure& f) {
    return f.text.c_str();
}

int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == grade::protocol::kListOption) {
        for (const auto& t : grade::registry())
            std::cout << grade::protocol::write_listing({.name = t.name,
                                                         .points = t.points,
                                                         .clauses = grade::clause_ids(t.clauses),
                                                         .hidden = t.hidden,
                                                         .concurrent = t.concurrent});
        return 0;
    }
    if (const char* path = std::getenv(grade::protocol::kRecord))
        grade::record_fd() = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    // Orphaned grandchildren of student programs are re-parented to us, so none escapes the
    // sweep at the end of each test.
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    signal(SIGPIPE, SIG_IGN);  // a student program that stops reading must not kill the grader
    doctest::Context context(argc, argv);
    // IPCLAB_TEST names the one test to run. Doctest's filters treat ',' as a separator and
    // '?' as any character, so a comma in a name is matched as '?'.
    if (const char* only = std::getenv(grade::protocol::kTest)) {
        std::string filter = only;
        for (auto& c : filter)
            if (c == ',') c = '?';
        context.addFilter("test-case", filter.c_str());
    }
    int rc = 0;
    try {
        grade::sandbox::enter();
        rc = context.run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ipclab suite: %s\n", e.what());
        rc = 3;
    }
    grade::kill_all_children();
    grade::sandbox::tear_down();
    grade::remove_scratch_dir();
    return rc;
}
