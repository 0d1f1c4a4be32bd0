#include "grading.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "build.hpp"
#include "process.hpp"

namespace fs = std::filesystem;

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

std::vector<std::string> find_labs(const Paths& paths, const std::string& filter) {
    std::vector<std::string> labs;
    for (const auto& e : fs::directory_iterator(paths.suites)) {
        std::string name = e.path().filename().string();
        bool selected = filter.empty() || name == filter ||
                        (name.rfind(filter, 0) == 0 && name[filter.size()] == '-');
        if (e.is_regular_file() && selected) labs.push_back(name);
    }
    std::sort(labs.begin(), labs.end());
    return labs;
}

std::vector<TestOutcome> list_tests(const Paths& paths, const std::string& lab) {
    grade::Options opt;
    opt.student = false;
    auto r = grade::run(paths.suites + "/" + lab, {"--ipclab-list"}, opt);
    if (r.exit_code() != 0) throw std::runtime_error("cannot list the tests of " + lab);
    std::vector<TestOutcome> tests;
    std::istringstream lines(r.out);
    std::string line;
    while (std::getline(lines, line)) {
        auto j = nlohmann::json::parse(line);
        tests.push_back({j.at("name"), j.at("points"), false, "", 0});
    }
    return tests;
}

namespace {

bool matches(const std::string& name, const std::string& filter) {
    auto lower = [](std::string s) {
        for (auto& c : s)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    return filter.empty() || lower(name).find(lower(filter)) != std::string::npos;
}

struct Running {
    LabOutcome outcome;
    std::string record;
    std::unique_ptr<grade::Proc> suite;
};

constexpr double kSuiteDeadline = 600;  // seconds for a whole lab; every run inside is bounded

// Merges the suite's records into the outcome; a test without a record did not finish.
void collect(Running& run, const grade::Result& r) {
    std::map<std::string, nlohmann::json> records;
    std::ifstream in(run.record);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) {
            auto j = nlohmann::json::parse(line);
            records[j.at("name")] = j;
        }
    for (auto& t : run.outcome.tests) {
        auto it = records.find(t.name);
        if (it == records.end()) {
            t.output = "the grader could not finish this test (" + r.describe() +
                       "): a program may have hung or flooded the machine";
            continue;
        }
        t.passed = it->second.at("passed");
        t.output = it->second.at("output");
        t.seconds = it->second.at("seconds");
    }
}

}  // namespace

std::vector<LabOutcome> grade_labs(const Paths& paths, const Settings& settings) {
    const std::string work = grade::scratch_dir();
    std::vector<Running> runs;
    for (const auto& lab : find_labs(paths, settings.lab)) {
        Running run;
        run.outcome.lab = lab;
        for (auto& t : list_tests(paths, lab))
            if (matches(t.name, settings.test)) run.outcome.tests.push_back(t);
        if (!run.outcome.tests.empty()) runs.push_back(std::move(run));
    }
    // Build everything first (the compilers use both cores), then run the suites.
    for (auto& run : runs) {
        const std::string bin = work + "/bin/" + run.outcome.lab;
        Build b = build_lab(paths, settings, run.outcome.lab, bin);
        run.outcome.built = b.ok;
        run.outcome.build_log = b.log;
        if (!b.ok) {
            for (auto& t : run.outcome.tests)
                t.output = "not graded: this lab did not compile. The compiler said:\n" + b.log;
        }
    }
    std::size_t next = 0;
    auto start_next = [&] {
        while (next < runs.size() && !runs[next].outcome.built)
            ++next;
        if (next == runs.size()) return;
        Running& run = runs[next++];
        const std::string& lab = run.outcome.lab;
        run.record = work + "/" + lab + ".records";
        grade::Options opt;
        opt.student = false;
        opt.timeout = settings.valgrind ? kSuiteDeadline * 4 : kSuiteDeadline;
        opt.stdout_file = work + "/" + lab + ".log";
        opt.stderr_file = opt.stdout_file + ".err";
        opt.env = {"IPCLAB_BIN=" + work + "/bin/" + lab, "IPCLAB_RECORD=" + run.record,
                   std::string("IPCLAB_VALGRIND=") + (settings.valgrind ? "1" : "0")};
        std::vector<std::string> args = {"--no-colors=true"};
        if (!settings.test.empty()) args.push_back("--test-case=*" + settings.test + "*");
        run.suite = std::make_unique<grade::Proc>(paths.suites + "/" + lab, args, opt);
    };
    for (int i = 0; i < settings.jobs; ++i)
        start_next();
    for (auto& run : runs) {
        if (!run.suite) continue;
        grade::Result r = run.suite->wait();
        run.suite.reset();
        collect(run, r);
        start_next();
    }
    std::vector<LabOutcome> outcomes;
    for (auto& run : runs)
        outcomes.push_back(std::move(run.outcome));
    return outcomes;
}

}  // namespace driver
