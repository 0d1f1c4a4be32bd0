// ipclab-grade --audit: the labs agree with themselves. Every graded test names clauses of
// docs/contract.md that exist and every graded clause has a test; every test has a mutant
// that proves it can fail; the handout's rubric lists exactly the suite's tests and points.
#include "audit.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <vector>

#include "grading.hpp"
#include "selftest.hpp"

namespace fs = std::filesystem;

namespace driver {
namespace {

// The rubric of a handout: the rows "| POINTS | TEST NAME |" of its "## Rubric" section.
constexpr const char* kHiddenRow = "hidden tests";

std::map<std::string, int> read_rubric(const fs::path& handout) {
    std::map<std::string, int> rubric;
    std::ifstream in(handout);
    std::string line;
    bool inside = false;
    while (std::getline(in, line)) {
        if (line.rfind("## ", 0) == 0) inside = line.rfind("## Rubric", 0) == 0;
        if (!inside || line.rfind("|", 0) != 0) continue;
        auto bar = line.find('|', 1);
        auto end = line.find('|', bar + 1);
        if (bar == std::string::npos || end == std::string::npos) continue;
        std::string points = line.substr(1, bar - 1), name = line.substr(bar + 1, end - bar - 1);
        auto trim = [](std::string s) {
            s.erase(0, s.find_first_not_of(" `"));
            s.erase(s.find_last_not_of(" `") + 1);
            return s;
        };
        points = trim(points);
        if (!points.empty() && std::isdigit(static_cast<unsigned char>(points[0])))
            rubric[trim(name)] = std::stoi(points);
    }
    return rubric;
}

// The clauses of docs/contract.md: list items that start with an id in backquotes,
// "- `02.write.enospc` ...". An item whose text starts with "*Not graded:*" names a clause no
// automated check can verify; the value is false for those.
constexpr const char* kNotGraded = "*Not graded:*";

std::map<std::string, bool> read_clauses(const fs::path& contract, std::vector<std::string>& dup) {
    std::map<std::string, bool> clauses;
    std::ifstream in(contract);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("- `", 0) != 0) continue;
        auto end = line.find('`', 3);
        if (end == std::string::npos) continue;
        std::string id = line.substr(3, end - 3);
        if (clauses.count(id)) dup.push_back(id);
        auto rest = line.substr(end + 1);
        rest.erase(0, rest.find_first_not_of(' '));
        clauses[id] = rest.rfind(kNotGraded, 0) != 0;
    }
    return clauses;
}

}  // namespace

int audit(const Paths& paths, std::ostream& out) {
    int problems = 0;
    auto problem = [&](const std::string& text) {
        out << "audit: " << text << "\n";
        ++problems;
    };
    const fs::path root(paths.source);
    const fs::path contract = root / "docs" / "contract.md";
    std::vector<std::string> duplicates;
    const auto clauses = read_clauses(contract, duplicates);
    if (clauses.empty()) problem(contract.string() + ": no clauses");
    for (const auto& id : duplicates)
        problem(contract.string() + ": the clause id " + id + " is used twice");
    std::set<std::string> checked;  // clause ids that some graded test names
    for (const auto& lab : find_labs(paths, "")) {
        auto tests = list_tests(paths, lab);
        // Every test names the clauses it checks: ones that exist, are graded, and belong to
        // its lab ("NN.") or to the conventions of every lab ("C.").
        for (const auto& t : tests) {
            if (t.clauses.empty()) problem(lab + ": \"" + t.name + "\" names no contract clause");
            for (const auto& id : t.clauses) {
                auto c = clauses.find(id);
                if (c == clauses.end())
                    problem(lab + ": \"" + t.name + "\" names " + id + ", not a clause of " +
                            contract.string());
                else if (!c->second)
                    problem(lab + ": \"" + t.name + "\" checks " + id +
                            ", which the contract marks as not graded");
                else if (id.rfind("C.", 0) != 0 && id.rfind(lab.substr(0, 2) + ".", 0) != 0)
                    problem(lab + ": \"" + t.name + "\" names " + id + ", a clause of another lab");
                checked.insert(id);
            }
        }
        std::map<std::string, int> points;
        for (const auto& t : tests)
            points[t.name] = t.points;

        std::set<std::string> covered;
        const fs::path mutants = root / "autograder" / "selftest" / lab;
        if (fs::is_directory(mutants))
            for (const auto& e : fs::directory_iterator(mutants)) {
                if (e.path().extension() != ".patch") continue;
                for (const auto& name : read_mutant(e.path()).caught_by) {
                    if (!points.count(name))
                        problem(e.path().string() + " names a test that does not exist: " + name);
                    covered.insert(name);
                }
            }
        for (const auto& t : tests)
            if (!covered.count(t.name))
                problem(lab + ": no mutant in autograder/selftest/" + lab + " proves that \"" +
                        t.name + "\" can fail");

        const fs::path handout = root / "handouts" / (lab + ".md");
        auto rubric = read_rubric(handout);
        if (rubric.empty()) problem(handout.string() + ": no \"## Rubric\" table");
        // The handout ships to students: hidden tests appear in its rubric as one row, "hidden
        // tests", worth their total, never by name.
        int hidden_points = 0;
        for (const auto& t : tests)
            if (t.hidden) {
                hidden_points += t.points;
                points.erase(t.name);
                if (rubric.count(t.name))
                    problem(handout.string() + ": the rubric names the hidden test " + t.name);
            }
        if (hidden_points) points[kHiddenRow] = hidden_points;
        for (const auto& [name, p] : points)
            if (!rubric.count(name))
                problem(handout.string() + ": the rubric lacks \"" + name + "\" (" +
                        std::to_string(p) + " points)");
            else if (rubric[name] != p)
                problem(handout.string() + ": the rubric gives \"" + name + "\" " +
                        std::to_string(rubric[name]) + " points, the suite " + std::to_string(p));
        for (const auto& [name, p] : rubric)
            if (!points.count(name))
                problem(handout.string() + ": the rubric lists a test the suite lacks: " + name);
        for (const char* tree : {"labs", "solutions"})
            if (!fs::is_directory(root / tree / lab))
                problem(std::string(tree) + "/" + lab + " is missing");
    }
    for (const auto& [id, graded] : clauses)
        if (graded && !checked.count(id))
            problem(contract.string() + ": no graded test checks the clause " + id);
    out << (problems ? "audit found " + std::to_string(problems) + " problem(s)\n"
                     : "audit: all labs consistent\n");
    return problems ? 1 : 0;
}

}  // namespace driver
