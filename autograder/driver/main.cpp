// ipclab-grade: builds a submission's labs, runs each lab's suite against them, and reports.
// `make grade`, `make check` and the self-tests all go through this one program.
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "audit.hpp"
#include "grading.hpp"
#include "janitor.hpp"
#include "process.hpp"
#include "report.hpp"
#include "selftest.hpp"
#include "timings.hpp"

int main(int argc, char** argv) {
    driver::Paths paths{IPCLAB_SOURCE_DIR, IPCLAB_BINARY_DIR "/suites", IPCLAB_BINARY_DIR "/cache"};
    driver::Settings settings;
    settings.submission = std::string(IPCLAB_SOURCE_DIR) + "/labs";
    std::string results = std::string(IPCLAB_BINARY_DIR) + "/results.json";
    std::string mutant, hostile;
    int expect_score = -1;
    bool run_audit = false, timings = false;

    CLI::App app{"Grade an ipclab submission: build its labs, run the suites, report."};
    app.add_option("--submission", settings.submission, "directory laid out like labs/")
        ->check(CLI::ExistingDirectory);
    app.add_option("--lab", settings.lab, "grade one lab (name or number, e.g. 02)");
    app.add_option("--test", settings.test, "grade only tests whose name contains this");
    app.add_option("--results", results, "where to write results.json (Gradescope format)");
    app.add_flag("--valgrind", settings.valgrind, "run every student program under memcheck");
    app.add_flag("!--no-sandbox", settings.sandbox,
                 "run tests without namespaces or a separate uid (trusted code only)");
    app.add_option("--jobs", settings.jobs, "compilers and suites to run at once")
        ->check(CLI::Range(1, 64));
    app.add_option("--rounds", settings.rounds,
                   "run each concurrent test this many times under fresh perturber seeds")
        ->check(CLI::Range(1, 100));
    app.add_option("--seed", settings.seed,
                   "replay one schedule: run each concurrent test once under this seed")
        ->check(CLI::Range(0LL, 999999999999LL));
    app.add_flag("!--no-perturb", settings.perturb,
                 "run concurrent tests once, without the schedule perturber");
    app.add_flag("--concurrent-only", settings.concurrent_only,
                 "grade only the concurrency tests (the perturber's benchmark)");
    app.add_option("--expect-score", expect_score,
                   "exit 0 only if the score is exactly this (default: full marks)");
    app.add_option("--mutant", mutant, "self-test: check that the suite catches this patch")
        ->check(CLI::ExistingFile);
    app.add_option("--hostile", hostile, "self-test: grade a hostile program and check the grade")
        ->check(CLI::ExistingFile);
    app.add_flag("--timings", timings, "after the report, what each test cost (wall and CPU)");
    app.add_flag("--audit", run_audit, "self-test: mutants cover every test, rubrics match");
    CLI11_PARSE(app, argc, argv);
    // A compiler that stops reading its source from us (driver/build.cpp) must not kill us.
    signal(SIGPIPE, SIG_IGN);
    grade::guard_scratch_dir();

    int status = 0;
    try {
        if (run_audit) {
            status = driver::audit(paths, std::cout);
        } else if (!hostile.empty()) {
            status = driver::check_hostile(paths, settings, hostile, std::cout);
        } else if (!mutant.empty()) {
            status = driver::check_mutant(paths, settings, mutant, std::cout);
        } else {
            const double start = grade::now();
            std::cout << "Grading " << settings.submission
                      << (settings.valgrind ? " under valgrind" : "") << "\n\n";
            auto labs = driver::grade_labs(paths, settings);
            if (labs.empty()) {
                std::cerr << "ipclab-grade: no lab or test matches\n";
                status = 2;
            } else {
                const double seconds = grade::now() - start;
                driver::print_report(std::cout, labs, isatty(STDOUT_FILENO));
                driver::write_results_json(results, labs, seconds);
                if (timings) driver::print_timings(std::cout, labs, seconds);
                int score = 0, max = 0;
                for (const auto& lab : labs) {
                    score += lab.score();
                    max += lab.max_score();
                }
                std::cout << "(graded in " << static_cast<int>(seconds * 1000 + 0.5)
                          << " ms; results in " << results << ")\n";
                status = (expect_score >= 0 ? score == expect_score : score == max) ? 0 : 1;
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "ipclab-grade: " << e.what() << "\n";
        status = 2;
    }
    grade::release_scratch_dir();
    return status;
}
