// summary.html: the class's score histogram and each test's pass rate as charts (Chart.js,
// inlined so that the page opens offline), and the gradebook as a table.
#pragma once

#include <filesystem>
#include <vector>

#include "gradebook.hpp"

namespace batch {

// CHART_JS: the Chart.js build to inline (Debian's libjs-chart.js); without it, tables only.
void write_html_report(const std::filesystem::path& path, const std::vector<StudentRecord>& records,
                       const Summary& summary, const std::filesystem::path& chart_js);

}  // namespace batch
