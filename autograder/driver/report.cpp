#include "report.hpp"

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace driver {

int LabOutcome::score() const {
    int s = 0;
    for (const auto& t : tests)
        s += t.passed ? t.points : 0;
    return s;
}

int LabOutcome::max_score() const {
    int s = 0;
    for (const auto& t : tests)
        s += t.points;
    return s;
}

namespace {

std::string indent(const std::string& text, const std::string& pad) {
    std::istringstream in(text);
    std::string line, out;
    while (std::getline(in, line))
        out += pad + line + "\n";
    return out;
}

// How the tests' programs were isolated (the same for every test of a run).
std::string sandbox_of(const std::vector<LabOutcome>& labs) {
    for (const auto& lab : labs)
        for (const auto& t : lab.tests)
            if (!t.sandbox.empty()) return t.sandbox;
    return "";
}

}  // namespace

void print_report(std::ostream& out, const std::vector<LabOutcome>& labs, bool color) {
    const char* green = color ? "\033[32m" : "";
    const char* red = color ? "\033[31m" : "";
    const char* bold = color ? "\033[1m" : "";
    const char* reset = color ? "\033[0m" : "";
    int total = 0, max = 0;
    if (auto mode = sandbox_of(labs); !mode.empty()) out << "Sandbox: " << mode << "\n\n";
    auto row = [&](bool passed, int points, int of, const std::string& text) {
        out << "  " << (passed ? green : red) << (passed ? "PASS" : "FAIL") << reset << " "
            << std::setw(3) << (passed ? points : 0) << "/" << std::left << std::setw(3) << of
            << std::right << " " << text;
    };
    for (const auto& lab : labs) {
        out << bold << lab.lab << reset << "\n";
        if (!lab.built)
            out << red << "  did not compile:\n" << reset << indent(lab.build_log, "    ");
        // A program that is still the skeleton's fails every test that runs it, for one reason:
        // one line for it, with the points of all those tests.
        std::map<std::string, std::pair<int, int>> skeleton;  // program: tests, points
        for (const auto& t : lab.tests)
            if (!t.passed && lab.built && !t.unimplemented.empty()) {
                auto& [tests, points] = skeleton[t.unimplemented.front()];
                ++tests;
                points += t.points;
            }
        for (const auto& [program, count] : skeleton) {
            row(false, 0, count.second,
                program + ": not implemented (" + std::to_string(count.first) + " test" +
                    (count.first == 1 ? "" : "s") + ")");
            out << "\n";
        }
        for (const auto& t : lab.tests) {
            if (!t.passed && lab.built && !t.unimplemented.empty()) continue;
            row(t.passed, t.points, t.points, t.name);
            // Where the time goes, for whoever wonders why grading takes as long as it does.
            if (t.seconds >= 2) out << " (" << static_cast<int>(t.seconds + 0.5) << " s)";
            out << "\n";
            if (!t.passed && lab.built) out << indent(t.output, "             ");
        }
        out << "  " << bold << "score " << lab.score() << "/" << lab.max_score() << reset << "\n\n";
        total += lab.score();
        max += lab.max_score();
    }
    // The summary last, where the terminal leaves it in view.
    if (labs.size() > 1) {
        out << bold << std::left << std::setw(18) << "lab" << std::setw(10) << "score"
            << "failed tests" << std::right << reset << "\n";
        for (const auto& lab : labs) {
            int failed = 0;
            for (const auto& t : lab.tests)
                failed += !t.passed;
            const std::string score =
                std::to_string(lab.score()) + "/" + std::to_string(lab.max_score());
            out << (failed ? red : green) << std::left << std::setw(18) << lab.lab << std::setw(10)
                << score << std::right << failed << " of " << lab.tests.size() << reset << "\n";
        }
    }
    out << bold << "TOTAL " << total << "/" << max << reset << "\n";
}

void write_results_json(const std::string& path, const std::vector<LabOutcome>& labs,
                        double seconds) {
    nlohmann::json tests = nlohmann::json::array();
    int total = 0;
    for (const auto& lab : labs)
        for (const auto& t : lab.tests) {
            tests.push_back({{"name", lab.lab + ": " + t.name},
                             {"score", t.passed ? t.points : 0},
                             {"max_score", t.points},
                             {"status", t.passed ? "passed" : "failed"},
                             {"output", t.output},
                             {"visibility", t.hidden ? "after_published" : "visible"},
                             {"extra_data", {{"seconds", t.wall}, {"cpu_seconds", t.cpu}}}});
            total += t.passed ? t.points : 0;
        }
    nlohmann::json results = {
        {"score", total}, {"execution_time", static_cast<int>(seconds + 0.5)}, {"tests", tests}};
    std::filesystem::path p(path);
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
    // Written to a new file and renamed over the old one: whatever was at PATH is replaced whole.
    std::string tmp = path + ".tmp";
    std::ofstream(tmp) << results.dump(2) << "\n";
    std::filesystem::rename(tmp, path);
}

}  // namespace driver
