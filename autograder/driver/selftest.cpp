// ipclab-grade --mutant and --hostile: the grader proves on itself that it catches a planted bug
// with the right hint, and that a hostile program earns nothing it did not and leaves nothing.
#include "selftest.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <vector>

#include "grading.hpp"
#include "process.hpp"

namespace fs = std::filesystem;

namespace driver {
namespace {

std::string value_after(const std::string& line, const std::string& key) {
    return line.rfind(key, 0) == 0 ? line.substr(key.size()) : std::string();
}

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

Mutant read_mutant(const fs::path& patch) {
    Mutant m{patch.parent_path().filename().string(), patch.stem().string(), {}, ""};
    std::ifstream in(patch);
    std::string line;
    while (std::getline(in, line)) {
        if (auto v = value_after(line, "# caught-by: "); !v.empty()) m.caught_by.push_back(v);
        if (auto v = value_after(line, "# hint: "); !v.empty()) m.hint = v;
    }
    return m;
}

int check_mutant(const Paths& paths, Settings settings, const std::string& patch,
                 std::ostream& out) {
    Mutant m = read_mutant(patch);
    if (m.caught_by.empty() || m.hint.empty()) {
        out << patch << ": needs \"# caught-by: TEST\" and \"# hint: TEXT\" lines\n";
        return 1;
    }
    const fs::path copy = fs::path(grade::scratch_dir()) / "mutant";
    fs::create_directories(copy / m.lab);
    fs::copy(fs::path(settings.submission) / m.lab, copy / m.lab, fs::copy_options::recursive);
    grade::Options opt;
    opt.student = false;
    auto r = grade::run(
        "patch", {"-p1", "-s", "-d", (copy / m.lab).string(), "-i", fs::absolute(patch).string()},
        opt);
    if (r.exit_code() != 0) {
        out << patch << ": does not apply to " << settings.submission << "/" << m.lab << ":\n"
            << r.out << r.err;
        return 1;
    }
    settings.submission = copy.string();
    settings.lab = m.lab;
    settings.test.clear();
    settings.only = m.caught_by;  // the other tests cannot change the verdict: skip them
    settings.until_failure = true;
    auto labs = grade_labs(paths, settings);
    if (labs.empty() || !labs[0].built) {
        out << m.lab << "/" << m.bug << ": the mutant does not compile:\n"
            << (labs.empty() ? "" : labs[0].build_log);
        return 1;
    }
    int missed = 0;
    for (const auto& name : m.caught_by) {
        const TestOutcome* t = nullptr;
        for (const auto& candidate : labs[0].tests)
            if (candidate.name == name) t = &candidate;
        std::string verdict;
        if (!t)
            verdict = "no such test";
        else if (t->passed)
            verdict = "passed: the suite did not catch this bug";
        else if (lower(t->output).find(lower(m.hint)) == std::string::npos)
            verdict = "failed, but its feedback does not mention \"" + m.hint + "\":\n" + t->output;
        out << (verdict.empty() ? "caught " : "MISSED ") << m.lab << "/" << m.bug << " by \""
            << name << "\"" << (verdict.empty() ? "" : ": " + verdict) << "\n";
        missed += !verdict.empty();
    }
    return missed ? 1 : 0;
}

namespace {

// A trace of a hostile program: an entry named ipclab-hostile* or a results.json that says so.
bool is_trace(const fs::path& entry) {
    const std::string name = entry.filename().string();
    if (name.rfind("ipclab-hostile", 0) == 0) return true;
    if (name != "results.json") return false;
    std::ifstream in(entry);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text.find("ipclab-hostile") != std::string::npos;
}

// True if FILE ends with the hostile programs' marker.
bool ends_with_marker(const fs::path& file) {
    const std::string marker = "ipclab-hostile";
    std::ifstream in(file, std::ios::binary | std::ios::ate);
    if (!in || in.tellg() < static_cast<std::streamoff>(marker.size())) return false;
    in.seekg(-static_cast<std::streamoff>(marker.size()), std::ios::end);
    std::string tail(marker.size(), '\0');
    in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
    return tail == marker;
}

// Where a hostile program might leave something: the places anyone may write, and the grader's
// own folders (reachable when student programs run with the grader's uid).
std::set<fs::path> places_to_search(const Paths& paths, const Settings& settings) {
    std::set<fs::path> places = {"/tmp",
                                 "/var/tmp",
                                 "/run/lock",
                                 "/dev/shm",
                                 fs::current_path(),
                                 paths.source,
                                 fs::path(paths.cache).parent_path(),
                                 paths.suites,
                                 paths.cache,
                                 settings.submission};
    if (const char* home = std::getenv("HOME")) places.insert(home);
    for (const auto& e : fs::directory_iterator(settings.submission))
        places.insert(e.path());
    return places;
}

}  // namespace

int check_hostile(const Paths& paths, Settings settings, const std::string& program,
                  std::ostream& out) {
    std::vector<std::string> replaces;
    std::set<std::string> fails;
    {
        std::ifstream in(program);
        for (std::string line; std::getline(in, line);) {
            if (auto v = value_after(line, "// replaces: "); !v.empty()) replaces.push_back(v);
            if (auto v = value_after(line, "// fails: "); !v.empty()) fails.insert(v);
        }
    }
    if (replaces.empty() || fails.empty()) {
        out << program << ": needs \"// replaces: LAB/FILE\" and \"// fails: TEST\" lines\n";
        return 1;
    }
    // Labs 01 and 02 are always graded (what the program cannot reach must still pass), and
    // with them every lab it replaces a program of.
    std::set<std::string> labs;
    for (const auto& r : replaces)
        labs.insert(r.substr(0, r.find('/')));
    std::set<std::string> graded = labs;
    graded.insert({"01-shm-open", "02-shm-rw"});
    const fs::path copy = fs::path(grade::scratch_dir()) / "hostile";
    for (const auto& l : graded) {
        fs::create_directories(copy / l);
        fs::copy(fs::path(settings.submission) / l, copy / l, fs::copy_options::recursive);
    }
    // "LAB/FILE" replaces one program; "LAB/*" every program of LAB.
    std::vector<fs::path> replaced;
    for (const auto& r : replaces) {
        const std::string lab = r.substr(0, r.find('/'));
        if (r.ends_with("/*")) {
            for (const auto& e : fs::directory_iterator(copy / lab))
                if (e.path().extension() == ".cpp") replaced.push_back(e.path());
        } else {
            replaced.push_back(copy / r);
        }
    }
    for (const auto& file : replaced)
        fs::copy_file(program, file, fs::copy_options::overwrite_existing);
    const auto places = places_to_search(paths, settings);
    settings.submission = copy.string();
    settings.lab.clear();
    for (const auto& l : graded)
        settings.lab += (settings.lab.empty() ? "" : ",") + l;
    settings.test.clear();
    auto labs_graded = grade_labs(paths, settings);

    int problems = 0;
    auto problem = [&](const std::string& text) {
        out << "PROBLEM " << fs::path(program).stem().string() << ": " << text << "\n";
        ++problems;
    };
    // The hostile program's own executables: any process still running one has escaped.
    // (Compared as files, not as paths: /proc/PID/exe names a hard link or a copy of it.)
    std::vector<struct stat> exes;
    for (const auto& file : replaced) {
        struct stat exe {};
        const fs::path exe_path =
            fs::path(grade::scratch_dir()) / "bin" / file.parent_path().filename() / file.stem();
        if (stat(exe_path.c_str(), &exe) != 0)
            throw std::runtime_error("the hostile program was not built: " + exe_path.string());
        exes.push_back(exe);
    }
    std::vector<std::string> solution_lines;
    for (const auto& file : replaced) {
        std::ifstream in(fs::path(paths.source) / "solutions" / file.parent_path().filename() /
                         file.filename());
        for (std::string line; std::getline(in, line);)
            if (line.size() > 30)
                solution_lines.push_back(line.substr(line.find_first_not_of(' ')));
    }
    int earned = 0;  // what the hostile program scored in tests it must fail
    for (const auto& l : labs_graded)
        for (const auto& t : l.tests) {
            const bool must_fail = labs.count(l.lab) && (fails.count(t.name) || fails.count("*"));
            if (must_fail && t.passed) {
                problem("earned the " + std::to_string(t.points) + " points of " + l.lab + ": \"" +
                        t.name + "\"");
                earned += t.points;
            }
            if (!must_fail && !t.passed)
                problem("\"" + t.name + "\" failed though the hostile program cannot reach it:\n" +
                        t.output);
            for (const auto& line : solution_lines)
                if (t.output.find(line) != std::string::npos)
                    problem("the feedback of \"" + t.name + "\" shows the solution: " + line);
        }
    for (const auto& e : fs::directory_iterator("/proc")) {
        struct stat st {};
        if (stat((e.path() / "exe").c_str(), &st) != 0) continue;
        for (const auto& exe : exes)
            if (st.st_dev == exe.st_dev && st.st_ino == exe.st_ino) {
                problem("process " + e.path().filename().string() +
                        " of the hostile program survived");
                break;
            }
    }
    // Whatever it planted is reported, then removed so that it cannot mislead a later run.
    std::error_code ec;
    for (const auto& place : places)
        for (fs::directory_iterator it(place, ec), end; !ec && it != end; it.increment(ec))
            if (is_trace(it->path())) {
                problem("it left " + it->path().string() + " on the machine");
                fs::remove_all(it->path(), ec);
            }
    // Compiled programs (the build cache and this grading's links to it) must be as compiled.
    std::vector<fs::path> programs;
    for (fs::recursive_directory_iterator it(paths.cache, ec), end; !ec && it != end;
         it.increment(ec))
        programs.push_back(it->path());
    for (fs::recursive_directory_iterator it(fs::path(grade::scratch_dir()) / "bin", ec), end;
         !ec && it != end; it.increment(ec))
        programs.push_back(it->path());
    for (const auto& file : programs)
        if (ends_with_marker(file)) {
            problem("it changed " + file.string());
            fs::remove(file, ec);
        }
    out << (problems ? "hostile program NOT contained: " : "contained: ") << program << " (earned "
        << earned << " points)\n";
    return problems ? 1 : 0;
}

}  // namespace driver
