#include "timings.hpp"

#include <algorithm>
#include <cstdio>

namespace driver {
namespace {

std::string row(double wall, double cpu, const std::string& what) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%8.2f %8.2f  ", wall, cpu);
    return buf + what + "\n";
}

}  // namespace

void print_timings(std::ostream& out, const std::vector<LabOutcome>& labs, double elapsed) {
    out << "\nTimings (seconds; a concurrent test's rounds are summed)\n"
        << "    wall      cpu  test\n";
    double wall = 0, cpu = 0;
    std::vector<std::pair<double, std::string>> per_lab;
    for (const auto& lab : labs) {
        std::vector<const TestOutcome*> tests;
        for (const auto& t : lab.tests)
            tests.push_back(&t);
        std::sort(tests.begin(), tests.end(),
                  [](const TestOutcome* a, const TestOutcome* b) { return a->wall > b->wall; });
        double lab_wall = 0, lab_cpu = 0;
        for (const auto* t : tests) {
            out << row(t->wall, t->cpu, lab.lab + ": " + t->name);
            lab_wall += t->wall;
            lab_cpu += t->cpu;
        }
        per_lab.emplace_back(lab_wall, row(lab_wall, lab_cpu, lab.lab));
        wall += lab_wall;
        cpu += lab_cpu;
    }
    out << "\nPer lab (the sum of its tests)\n    wall      cpu  lab\n";
    for (const auto& lab : per_lab)
        out << lab.second;
    char total[96];
    std::snprintf(total, sizeof total, "%8.2f           the grading from start to end\n", elapsed);
    out << row(wall, cpu, "all tests") << total;
}

}  // namespace driver
