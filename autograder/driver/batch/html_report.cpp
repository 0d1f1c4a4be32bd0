#include "html_report.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace fs = std::filesystem;

namespace batch {
namespace {

std::string escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// JSON placed inside <script>: "</" would end the script early.
std::string script_json(const nlohmann::json& j) {
    std::string text = j.dump(), out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        out += text[i];
        if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '/') out += "\\";
    }
    return out;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const char* kStyle = R"(<style>
body { font-family: sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
.charts { display: flex; flex-wrap: wrap; gap: 2em; }
.chart { width: 560px; }
.chart.wide { width: 100%; max-width: 1200px; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
th:first-child, td:first-child, td.note, th.note { text-align: left; }
tr.broken td { background: #fde8e8; }
</style>
)";

const char* kCharts = R"(<script>
const data = JSON.parse(document.getElementById('data').textContent);
if (typeof Chart !== 'undefined') {
  Chart.defaults.animation = false;
  new Chart(document.getElementById('histogram'), {
    type: 'bar',
    data: { labels: data.bins, datasets: [{ label: 'students', data: data.histogram,
            backgroundColor: '#4e79a7' }] },
    options: { plugins: { legend: { display: false },
                          title: { display: true, text: 'Students per total score' } },
               scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } });
  new Chart(document.getElementById('rates'), {
    type: 'bar',
    data: { labels: data.tests, datasets: [{ label: '% passed', data: data.rates,
            backgroundColor: data.rates.map(r => r < 50 ? '#e15759' : '#59a14f') }] },
    options: { indexAxis: 'y', maintainAspectRatio: false,
               plugins: { legend: { display: false },
                          title: { display: true, text: 'Pass rate of each test (%)' } },
               scales: { x: { min: 0, max: 100 } } } });
} else {
  document.getElementById('nochart').hidden = false;
}
</script>
)";

}  // namespace

void write_html_report(const fs::path& path, const std::vector<StudentRecord>& records,
                       const Summary& summary, const fs::path& chart_js) {
    nlohmann::json data = {{"bins", nlohmann::json::array()},
                           {"histogram", summary.histogram},
                           {"tests", nlohmann::json::array()},
                           {"rates", nlohmann::json::array()}};
    for (int i = 0; i < 10; ++i)
        data["bins"].push_back(std::to_string(i * 10) + "–" +
                               (i == 9 ? std::string("100") : std::to_string(i * 10 + 9)) + "%");
    for (const auto& t : summary.tests) {
        data["tests"].push_back(t.name);
        data["rates"].push_back(t.graded ? 100.0 * t.passed / t.graded : 0.0);
    }

    std::ostringstream html;
    html << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         << "<title>ipclab: class summary</title>\n"
         << kStyle;
    const std::string js = slurp(chart_js);
    if (!js.empty()) html << "<script>\n" << js << "\n</script>\n";
    html
        << "</head>\n<body>\n<h1>ipclab: " << summary.students << " submission(s)</h1>\n"
        << "<p>Mean " << static_cast<int>(summary.mean_percent + 0.5) << "%, median "
        << static_cast<int>(summary.median_percent + 0.5) << "%, " << summary.full_marks
        << " with full marks, " << summary.broken << " not graded.</p>\n"
        << "<p id=\"nochart\" hidden>Charts need Chart.js (Debian package libjs-chart.js); "
           "the tables below hold the same figures.</p>\n"
        << "<div class=\"charts\">\n<div class=\"chart\"><canvas id=\"histogram\"></canvas></div>\n"
        << "<div class=\"chart wide\" style=\"height:" << 60 + 22 * summary.tests.size()
        << "px\"><canvas id=\"rates\"></canvas></div>\n</div>\n";

    html << "<h2>Gradebook</h2>\n<table>\n<tr><th>student</th>";
    for (const auto& lab : summary.labs)
        html << "<th>" << escape(lab) << " /" << summary.lab_max.at(lab) << "</th>";
    html << "<th>total</th><th class=\"note\">note</th></tr>\n";
    for (const auto& r : records) {
        html << "<tr" << (r.broken.empty() ? "" : " class=\"broken\"") << "><td>"
             << escape(r.student) << "</td>";
        for (const auto& lab : summary.labs) {
            auto it = r.lab_score.find(lab);
            html << "<td>" << (it == r.lab_score.end() ? 0 : it->second) << "</td>";
        }
        html << "<td>" << r.score << "/" << r.max << "</td><td class=\"note\">"
             << (r.broken.empty() ? "" : "not graded: " + escape(r.broken)) << "</td></tr>\n";
    }
    html << "</table>\n<h2>Tests</h2>\n<table>\n<tr><th>test</th><th>passed</th><th>%</th></tr>\n";
    for (const auto& t : summary.tests)
        html << "<tr><td>" << escape(t.name) << "</td><td>" << t.passed << "/" << t.graded
             << "</td><td>" << (t.graded ? 100 * t.passed / t.graded : 0) << "</td></tr>\n";
    html << "</table>\n<script id=\"data\" type=\"application/json\">" << script_json(data)
         << "</script>\n"
         << kCharts << "</body>\n</html>\n";

    std::ofstream(path.string() + ".tmp") << html.str();
    fs::rename(path.string() + ".tmp", path);
}

}  // namespace batch
