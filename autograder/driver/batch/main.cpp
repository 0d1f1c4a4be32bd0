// ipclab-batch: grades a whole class. `make grade-batch SUBMISSIONS=dir` runs it; see
// docs/instructors.md.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "batch.hpp"
#include "janitor.hpp"
#include "process.hpp"

int main(int argc, char** argv) {
    driver::Paths paths{IPCLAB_SOURCE_DIR, IPCLAB_BINARY_DIR "/suites", IPCLAB_BINARY_DIR "/cache"};
    batch::BatchSettings settings;
    settings.grader = IPCLAB_BINARY_DIR "/ipclab-grade";
    settings.chart_js = IPCLAB_CHART_JS;
    settings.out = IPCLAB_BINARY_DIR "/batch";
    std::string progress = "auto";

    CLI::App app{
        "Grade a class: every entry of SUBMISSIONS is one student's submission (a "
        "directory laid out like labs/, or a .tar.gz/.zip of one)."};
    app.add_option("--submissions", settings.submissions, "one entry per student")
        ->required()
        ->check(CLI::ExistingDirectory);
    app.add_option("--out", settings.out, "gradebook.csv, summary.html, students/<name>/");
    app.add_option("--jobs", settings.jobs, "submissions graded at once")->check(CLI::Range(1, 64));
    app.add_option("--lab", settings.lab, "grade one lab only (name or number)");
    app.add_option("--test", settings.test, "grade only tests whose name contains this");
    app.add_flag("--valgrind", settings.valgrind, "run every student program under memcheck");
    app.add_option("--chart-js", settings.chart_js, "the Chart.js file inlined into summary.html");
    app.add_option("--progress", progress,
                   "live (one line redrawn), lines, or auto (live on a tty)")
        ->check(CLI::IsMember({"auto", "live", "lines"}));
    CLI11_PARSE(app, argc, argv);
    // The graders run in scratch directories of their own: every path they get is absolute.
    settings.out = std::filesystem::absolute(settings.out);
    settings.submissions = std::filesystem::absolute(settings.submissions);
    settings.live = progress == "live" || (progress == "auto" && isatty(STDOUT_FILENO));
    grade::guard_scratch_dir();

    int status = 0;
    try {
        status = batch::run_batch(paths, settings, std::cout);
    } catch (const std::exception& e) {
        std::cerr << "ipclab-batch: " << e.what() << "\n";
        status = 2;
    }
    grade::release_scratch_dir();
    return status;
}
