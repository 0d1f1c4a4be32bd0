#include "gradebook.hpp"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace batch {
namespace {

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string quoted = "\"";
    for (char c : s)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::string bar(double fraction, int width) {
    const int n = static_cast<int>(fraction * width + 0.5);
    return std::string(static_cast<std::size_t>(n), '#') +
           std::string(static_cast<std::size_t>(width - n), '.');
}

}  // namespace

fs::path student_dir(const fs::path& out, const std::string& student) {
    return out / "students" / student;
}

bool read_record(const fs::path& dir, StudentRecord& record) {
    std::ifstream results_in(dir / "results.json"), record_in(dir / "record.json");
    if (!results_in || !record_in) return false;
    try {
        const auto meta = nlohmann::json::parse(record_in);
        const auto results = nlohmann::json::parse(results_in);
        record.student = meta.at("student");
        record.hash = meta.at("hash");
        record.broken = meta.at("broken");
        record.seconds = meta.at("seconds");
        record.lab_score.clear();
        record.lab_max.clear();
        record.tests.clear();
        record.score = record.max = 0;
        for (const auto& t : results.at("tests")) {
            const std::string name = t.at("name");
            const std::string lab = name.substr(0, name.find(": "));
            const int score = t.at("score"), max = t.at("max_score");
            record.lab_score[lab] += score;
            record.lab_max[lab] += max;
            record.score += score;
            record.max += max;
            record.tests.emplace_back(name, score == max && t.at("status") == "passed");
        }
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

void write_record(const fs::path& dir, const StudentRecord& record) {
    std::ofstream(dir / "record.json") << nlohmann::json{{"student", record.student},
                                                         {"hash", record.hash},
                                                         {"broken", record.broken},
                                                         {"seconds", record.seconds}}
                                              .dump(2)
                                       << "\n";
}

double percent(const StudentRecord& record) {
    return record.max > 0 ? 100.0 * record.score / record.max : 0;
}

Summary summarize(const std::vector<StudentRecord>& records) {
    Summary s;
    s.histogram.assign(10, 0);
    std::map<std::string, std::size_t> test_index;
    std::vector<double> percents;
    for (const auto& r : records) {
        for (const auto& [lab, max] : r.lab_max) {
            if (!s.lab_max.count(lab)) s.labs.push_back(lab);
            s.lab_max[lab] = std::max(s.lab_max[lab], max);
        }
        for (const auto& [name, passed] : r.tests) {
            auto [it, fresh] = test_index.emplace(name, s.tests.size());
            if (fresh) s.tests.push_back({name, 0, 0});
            s.tests[it->second].passed += passed;
            s.tests[it->second].graded += 1;
        }
        const double p = percent(r);
        percents.push_back(p);
        s.histogram[std::min(9, static_cast<int>(p / 10))] += 1;
        s.broken += !r.broken.empty();
        s.full_marks += r.max > 0 && r.score == r.max;
    }
    std::sort(s.labs.begin(), s.labs.end());
    s.students = static_cast<int>(records.size());
    if (!percents.empty()) {
        std::sort(percents.begin(), percents.end());
        for (double p : percents)
            s.mean_percent += p / static_cast<double>(percents.size());
        const std::size_t n = percents.size();
        s.median_percent = n % 2 ? percents[n / 2] : (percents[n / 2 - 1] + percents[n / 2]) / 2;
    }
    return s;
}

void write_gradebook_csv(const fs::path& path, const std::vector<StudentRecord>& records,
                         const Summary& summary) {
    std::ofstream out(path.string() + ".tmp");
    out << "student";
    for (const auto& lab : summary.labs)
        out << "," << csv_field(lab);
    out << ",total,max,note\n";
    for (const auto& r : records) {
        out << csv_field(r.student);
        for (const auto& lab : summary.labs) {
            auto it = r.lab_score.find(lab);
            out << "," << (it == r.lab_score.end() ? 0 : it->second);
        }
        out << "," << r.score << "," << r.max << ","
            << csv_field(r.broken.empty() ? "" : "not graded: " + r.broken) << "\n";
    }
    out.close();
    fs::rename(path.string() + ".tmp", path);
}

void print_summary(std::ostream& out, const std::vector<StudentRecord>& records,
                   const Summary& summary) {
    out << "Scores of " << summary.students << " submission(s): mean " << std::fixed
        << std::setprecision(1) << summary.mean_percent << "%, median " << summary.median_percent
        << "%, " << summary.full_marks << " with full marks, " << summary.broken << " not graded\n";
    const int most =
        std::max(1, *std::max_element(summary.histogram.begin(), summary.histogram.end()));
    for (int i = 0; i < 10; ++i)
        out << "  " << std::setw(3) << i * 10 << "-" << std::left << std::setw(4)
            << (i == 9 ? "100%" : std::to_string(i * 10 + 9) + "%") << std::right << " "
            << bar(static_cast<double>(summary.histogram[i]) / most, 40) << " "
            << summary.histogram[i] << "\n";
    out << "\nPass rate of each test:\n";
    for (const auto& t : summary.tests) {
        const double rate = t.graded ? static_cast<double>(t.passed) / t.graded : 0;
        out << "  " << bar(rate, 20) << " " << std::setw(5) << std::setprecision(1) << rate * 100
            << "%  " << t.name << "\n";
    }
    bool any_broken = false;
    for (const auto& r : records)
        if (!r.broken.empty()) {
            if (!any_broken) out << "\nNot graded (0 points):\n";
            any_broken = true;
            out << "  " << r.student << ": " << r.broken << "\n";
        }
    out << std::defaultfloat;
}

}  // namespace batch
