// Showing a grading run to people (a table on the terminal) and to machines (results.json in
// Gradescope's format).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "model.hpp"

namespace driver {

void print_report(std::ostream& out, const std::vector<LabOutcome>& labs, bool color);
void write_results_json(const std::string& path, const std::vector<LabOutcome>& labs,
                        double seconds);

}  // namespace driver
