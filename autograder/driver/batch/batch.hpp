// Grading a class: every entry of SUBMISSIONS is one student's submission. Each is taken
// (intake.hpp), staged, and graded by its own `ipclab-grade` process, JOBS at a time; a
// submission that is unchanged since the last run is not graded again.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

#include "grading.hpp"

namespace batch {

struct BatchSettings {
    std::filesystem::path submissions;  // one entry per student
    std::filesystem::path out;          // gradebook.csv, summary.html, students/<name>/...
    std::filesystem::path grader;       // the ipclab-grade executable
    std::filesystem::path chart_js;     // Chart.js to inline into summary.html
    std::string lab;                    // "" = every lab
    std::string test;                   // "" = every test; else a substring of test names
    bool valgrind = false;
    bool live = false;  // a live progress line (on a terminal) instead of one line per student
    int jobs = 2;       // submissions graded at once
};

// Returns 0 once every submission has a grade (broken ones included), 2 on a setup error.
int run_batch(const driver::Paths& paths, const BatchSettings& settings, std::ostream& out);

}  // namespace batch
