#include "batch.hpp"

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "gradebook.hpp"
#include "html_report.hpp"
#include "intake.hpp"
#include "pool.hpp"
#include "process.hpp"
#include "progress.hpp"
#include "report.hpp"

namespace fs = std::filesystem;

namespace batch {
namespace {

constexpr double kSubmissionDeadline = 3600;  // seconds for one student's whole grading

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Grades change when the grader changes: its programs are part of every submission's hash.
std::uint64_t grader_fingerprint(const driver::Paths& paths, const BatchSettings& settings) {
    std::map<std::string, std::string> parts = {
        {"grader", slurp(settings.grader)},
        {"options", settings.lab + "\n" + settings.test + (settings.valgrind ? "\nvalgrind" : "")}};
    for (const auto& e : fs::directory_iterator(paths.suites))
        parts["suite " + e.path().filename().string()] = slurp(e.path());
    return std::stoull(hash_files(parts, 0), nullptr, 16);
}

struct Submission {
    std::string student;
    fs::path entry, dir;  // the entry in SUBMISSIONS; OUT/students/<student>
    Intake intake;
    StudentRecord record;
    double started = 0;
};

// results.json and feedback.txt for a submission that scores 0 without being graded.
void write_not_graded(const std::vector<driver::LabOutcome>& labs, const Submission& s) {
    std::vector<driver::LabOutcome> outcomes = labs;
    for (auto& lab : outcomes)
        for (auto& t : lab.tests)
            t.output = "not graded: " + s.record.broken;
    driver::write_results_json((s.dir / "results.json").string(), outcomes, 0);
    std::ofstream feedback(s.dir / "feedback.txt");
    feedback << s.student << " was not graded: " << s.record.broken << "\nEvery test scores 0.\n\n";
    driver::print_report(feedback, labs, false);
}

void finish_record(Submission& s, const std::vector<driver::LabOutcome>& labs) {
    if (!s.record.broken.empty()) write_not_graded(labs, s);
    write_record(s.dir, s.record);
    if (!read_record(s.dir, s.record)) s.record.broken = "its results could not be read back";
}

// The driver's --test rule: a case-insensitive substring ("" matches everything).
bool contains_ignoring_case(std::string name, std::string part) {
    for (auto* s : {&name, &part})
        for (auto& c : *s)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return name.find(part) != std::string::npos;
}

std::string tail(const std::string& text, std::size_t bytes) {
    return text.size() > bytes ? "..." + text.substr(text.size() - bytes) : text;
}

std::unique_ptr<grade::Proc> start_grading(Submission& s, const BatchSettings& settings) {
    fs::remove(s.dir / "results.json");
    std::vector<std::string> args = {"--submission", (settings.out / "work" / s.student).string(),
                                     "--results",    (s.dir / "results.json").string(),
                                     "--jobs",       "1"};
    if (!settings.lab.empty()) args.insert(args.end(), {"--lab", settings.lab});
    if (!settings.test.empty()) args.insert(args.end(), {"--test", settings.test});
    if (settings.valgrind) args.push_back("--valgrind");
    grade::Options opt;
    opt.student = false;
    opt.timeout = kSubmissionDeadline;
    opt.stdout_file = (s.dir / "feedback.txt").string();
    opt.stderr_file = (s.dir / "grader.err").string();
    s.started = grade::now();
    return std::make_unique<grade::Proc>(settings.grader.string(), args, opt);
}

// The grader exits 0 or 1 (the score is in results.json); anything else is its own failure.
void collect_grading(Submission& s, const grade::Result& r) {
    s.record.seconds = grade::now() - s.started;
    if (!fs::exists(s.dir / "results.json") || (r.exit_code() != 0 && r.exit_code() != 1))
        s.record.broken =
            "the grader failed (" + r.describe() + "): " + tail(slurp(s.dir / "grader.err"), 500);
}

}  // namespace

int run_batch(const driver::Paths& paths, const BatchSettings& settings, std::ostream& out) {
    std::vector<driver::LabOutcome> labs;  // every selected lab's tests, none passed
    std::set<std::string> lab_names;
    for (const auto& lab : driver::find_labs(paths, settings.lab)) {
        driver::LabOutcome outcome;
        outcome.lab = lab;
        for (auto& t : driver::list_tests(paths, lab))
            if (contains_ignoring_case(t.name, settings.test)) outcome.tests.push_back(t);
        if (!outcome.tests.empty()) labs.push_back(std::move(outcome));
        lab_names.insert(lab);
    }
    if (labs.empty()) {
        out << "ipclab-batch: no lab or test matches\n";
        return 2;
    }
    const std::uint64_t seed = grader_fingerprint(paths, settings);

    std::vector<fs::path> entries;
    for (const auto& e : fs::directory_iterator(settings.submissions))
        if (e.path().filename().string()[0] != '.') entries.push_back(e.path());
    std::sort(entries.begin(), entries.end());

    std::vector<Submission> subs;
    std::set<std::string> names;
    for (const auto& entry : entries) {
        Submission s;
        s.entry = entry;
        s.student = student_name(entry);
        if (!names.insert(s.student).second) s.student = entry.filename().string();
        names.insert(s.student);
        s.dir = student_dir(settings.out, s.student);
        subs.push_back(std::move(s));
    }

    // Take every submission first: refused ones are done at once, unchanged ones are skipped.
    std::vector<Submission*> queue;
    std::vector<Submission*> skipped;
    for (auto& s : subs) {
        fs::create_directories(s.dir);
        s.intake = take_submission(s.entry, lab_names);
        StudentRecord previous;
        const bool known = read_record(s.dir, previous);
        s.record.student = s.student;
        s.record.broken = s.intake.error;
        s.record.hash = s.intake.error.empty() ? hash_files(s.intake.files, seed) : "";
        if (s.intake.error.empty() && known && previous.broken.empty() &&
            previous.hash == s.record.hash) {
            s.record = previous;
            skipped.push_back(&s);
        } else if (s.intake.error.empty()) {
            stage(s.intake, settings.out / "work" / s.student);
            queue.push_back(&s);
        } else {
            finish_record(s, labs);
        }
    }

    Progress progress(out, settings.live, static_cast<int>(subs.size()),
                      static_cast<int>(queue.size()));
    for (auto& s : subs)
        if (!s.intake.error.empty())
            progress.finished(Progress::Kind::refused, s.student, 0, s.record.max, s.record.broken);
    for (auto* s : skipped)
        progress.finished(Progress::Kind::unchanged, s->student, s->record.score, s->record.max,
                          "");

    // JOBS gradings at a time; the progress display is redrawn while they run.
    driver::run_pool(
        queue.size(), {.width = settings.jobs, .tick = [&] { progress.redraw(); }},
        [&](std::size_t i) { return start_grading(*queue[i], settings); },
        [&](std::size_t i, const grade::Result& r) {
            Submission& s = *queue[i];
            collect_grading(s, r);
            finish_record(s, labs);
            fs::remove_all(settings.out / "work" / s.student);
            progress.finished(Progress::Kind::graded, s.student, s.record.score, s.record.max,
                              s.record.broken);
        });
    progress.end();
    std::error_code ignored;
    fs::remove(settings.out / "work", ignored);  // empty by now, unless a grading was cut short

    std::vector<StudentRecord> records;
    for (const auto& s : subs)
        records.push_back(s.record);
    const Summary summary = summarize(records);
    write_gradebook_csv(settings.out / "gradebook.csv", records, summary);
    write_html_report(settings.out / "summary.html", records, summary, settings.chart_js);
    print_summary(out, records, summary);
    out << "\nGradebook: " << (settings.out / "gradebook.csv").string()
        << "\nReport:    " << (settings.out / "summary.html").string()
        << "\nFeedback:  " << (settings.out / "students").string() << "/<student>/feedback.txt\n";
    return 0;
}

}  // namespace batch
