// Grading a submission: finding the labs and their tests, and running every test in a suite
// process of its own (the model of what comes of it is in model.hpp).
#pragma once

#include <string>
#include <vector>

#include "model.hpp"

namespace driver {

// The labs that have a suite, in order, filtered by Settings::lab.
std::vector<std::string> find_labs(const Paths& paths, const std::string& filter);
// The graded tests of a lab's suite, with their points, in the suite's order.
std::vector<TestOutcome> list_tests(const Paths& paths, const std::string& lab);
// Builds and grades every selected lab of the submission (suites run JOBS at a time).
std::vector<LabOutcome> grade_labs(const Paths& paths, const Settings& settings);

}  // namespace driver
