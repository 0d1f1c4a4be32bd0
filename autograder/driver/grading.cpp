#include "grading.hpp"
#include "rounds.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>

#include "build.hpp"
#include "pool.hpp"
#include "process.hpp"
#include "protocol.hpp"

namespace fs = std::filesystem;

namespace driver {

std::vector<std::string> find_labs(const Paths& paths, const std::string& filter) {
    std::vector<std::string> labs;
    for (const auto& e : fs::directory_iterator(paths.suites)) {
        std::string name = e.path().filename().string();
        // FILTER is a comma-separated list of lab names or their number prefixes ("02").
        bool selected = filter.empty();
        std::istringstream wanted(filter);
        for (std::string w; std::getline(wanted, w, ',');)
            selected |= name == w || (!w.empty() && name.rfind(w + "-", 0) == 0);
        if (e.is_regular_file() && selected) labs.push_back(name);
    }
    std::sort(labs.begin(), labs.end());
    return labs;
}

std::vector<TestOutcome> list_tests(const Paths& paths, const std::string& lab) {
    grade::Options opt;
    opt.student = false;
    auto r = grade::run(paths.suites + "/" + lab, {grade::protocol::kListOption}, opt);
    if (r.exit_code() != 0) throw std::runtime_error("cannot list the tests of " + lab);
    std::vector<TestOutcome> tests;
    std::istringstream lines(r.out);
    std::string line;
    while (std::getline(lines, line)) {
        auto listed = grade::protocol::parse_listing(line);
        if (!listed) throw std::runtime_error("cannot list the tests of " + lab + ": " + line);
        TestOutcome t;
        t.name = listed->name;
        t.points = listed->points;
        t.hidden = listed->hidden;
        t.concurrent = listed->concurrent;
        t.clauses = listed->clauses;
        tests.push_back(t);
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

// One test being graded: a suite process that runs just that test, in a sandbox of its own.
// A concurrent test is one job per round, each with its own outcome and seed.
struct Job {
    LabOutcome* lab;
    TestOutcome* test;
    std::string record, errors;  // the suite's record, and what it says on stderr
    long long seed = -1;  // >= 0: the student's programs run under the perturber with this seed
    TestOutcome* round_of = nullptr;  // the concurrent test this job is one round of
    bool skipped = false;             // not run: an earlier round already failed (until_failure)
    std::string slot;                 // the record and errors files, less their extensions
};

// The seed of a round's own inputs (payloads, sizes, ids): its schedule seed mixed with this
// installation's secret, a file in the cache that only the grader may read. SEED=N then replays
// a round's inputs as well as its schedule here, while the student's programs, which see N in
// their environment (the perturber reads it), cannot work out the inputs from it.
unsigned long long input_seed(const Paths& paths, unsigned long long seed) {
    static const unsigned long long secret = [&] {
        const std::string file = paths.cache + "/input-secret";
        unsigned long long value = 0;
        if (access(file.c_str(), F_OK) != 0) {
            // Written whole under another name, then linked into place: a grading running at
            // the same time sees no secret or a complete one, and the first link wins.
            const std::string tmp = file + ".tmp" + std::to_string(getpid());
            int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
            if (fd < 0) throw std::runtime_error("cannot create " + tmp);
            value = std::random_device{}() * 0x100000000ULL + std::random_device{}();
            bool ok = write(fd, &value, sizeof value) == static_cast<ssize_t>(sizeof value);
            close(fd);
            if (ok) (void)link(tmp.c_str(), file.c_str());
            unlink(tmp.c_str());
        }
        std::ifstream in(file, std::ios::binary);
        if (!in.read(reinterpret_cast<char*>(&value), sizeof value))
            throw std::runtime_error("cannot read " + file);
        return value;
    }();
    // splitmix64's finaliser: every bit of both inputs reaches every bit of the result.
    unsigned long long z = seed ^ secret;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Seeds short enough to type: 1 to 999999999, odd for odd ROUND and even for even ROUND. The
// perturber holds back the child at a fork or the parent as the seed's parity says (mixed with
// the fork's place in the test), so any two consecutive rounds try both orders at every fork.
unsigned long long fresh_seed(int round) {
    static std::mt19937_64 gen{std::random_device{}()};
    const auto seed = std::uniform_int_distribution<unsigned long long>(1, 999999999)(gen);
    const auto with_parity = (seed & ~1ULL) | static_cast<unsigned long long>(round & 1);
    return with_parity == 0 ? 2 : with_parity;
}

constexpr double kTestDeadline = 120;  // seconds for one test; every run inside is bounded too

std::string contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string tail(const std::string& path, std::size_t bytes) {
    std::string text = contents(path);
    return text.size() > bytes ? "..." + text.substr(text.size() - bytes) : text;
}

// Reads the test's record. A test without one, or whose record is cut short or garbled (the
// suite died while writing it), did not finish, and scores nothing.
void collect(Job& job, const grade::Result& r) {
    job.test->wall = r.seconds;
    job.test->cpu = r.cpu;
    bool malformed = false;
    if (auto record =
            grade::protocol::find_record(contents(job.record), job.test->name, &malformed)) {
        job.test->passed = record->passed;
        job.test->output = record->output;
        job.test->seconds = record->seconds;
        job.test->sandbox = record->sandbox;
        job.test->unimplemented = record->unimplemented;
        job.test->hung = record->hung;
        return;
    }
    job.test->hung = true;
    job.test->output = "the grader could not finish this test (" + r.describe() +
                       (malformed ? "; its record is unreadable" : "") +
                       "): a program may have hung or flooded the machine";
    std::string err = tail(job.errors, 2000);
    if (!err.empty()) job.test->output += "\nthe suite said: " + err;
}

// What each test (or round) cost when it last ran ("lab: test" to wall and CPU seconds), kept
// in the cache.
using Costs = std::map<std::string, std::array<double, 2>>;

Costs load_costs(const std::string& path) {
    Costs costs;
    std::ifstream in(path);
    try {
        if (in) costs = nlohmann::json::parse(in).get<Costs>();
    } catch (const std::exception&) {  // unreadable: every test is new again
    }
    return costs;
}

void save_costs(const std::string& path, const Costs& costs) {
    const std::string tmp = path + ".tmp" + std::to_string(getpid());
    std::ofstream(tmp) << nlohmann::json(costs).dump() << "\n";
    std::error_code ignored;
    fs::rename(tmp, path, ignored);  // whole: a grading beside us reads the old or the new
}

}  // namespace

std::vector<LabOutcome> grade_labs(const Paths& paths, const Settings& settings) {
    const std::string work = grade::scratch_dir();
    std::vector<LabOutcome> runs;
    for (const auto& lab : find_labs(paths, settings.lab)) {
        LabOutcome run;
        run.lab = lab;
        for (auto& t : list_tests(paths, lab))
            if (matches(t.name, settings.test) && (t.concurrent || !settings.concurrent_only) &&
                (settings.only.empty() || std::find(settings.only.begin(), settings.only.end(),
                                                    t.name) != settings.only.end()))
                run.tests.push_back(t);
        if (!run.tests.empty()) runs.push_back(std::move(run));
    }
    // Build everything first (the compilers use both cores), then run the suites.
    for (auto& run : runs) {
        const std::string bin = work + "/bin/" + run.lab;
        Build b = build_lab(paths, settings, run.lab, bin);
        run.built = b.ok;
        run.build_log = b.log;
        if (!b.ok) {
            for (auto& t : run.tests)
                t.output = "not graded: this lab did not compile. The compiler said:\n" + b.log;
        }
    }
    // The perturber needs its library; valgrind serialises the programs' threads and slows them
    // so much that the perturbation would cost a lot and show little.
    const std::string built_lib =
        (fs::path(paths.suites).parent_path() / "libipclab-perturb.so").string();
    const std::string perturb_lib = work + "/libipclab-perturb.so";
    const bool perturbed = settings.perturb && !settings.valgrind;
    if (perturbed) {
        if (access(built_lib.c_str(), R_OK) != 0)
            throw std::runtime_error("the schedule perturber " + built_lib +
                                     " is missing: build the project first");
        place(built_lib, perturb_lib);
    }
    const int rounds = settings.seed >= 0 ? 1 : std::max(1, settings.rounds);
    std::deque<TestOutcome> round_outcomes;  // stable addresses for the jobs
    std::map<TestOutcome*, std::vector<unsigned long long>> seeds_of;
    std::vector<Job> jobs;
    for (auto& run : runs) {
        if (!run.built) continue;
        for (auto& t : run.tests) {
            if (perturbed && t.concurrent) {
                auto& seeds = seeds_of[&t];
                for (int r = 0; r < rounds; ++r) {
                    seeds.push_back(settings.seed >= 0
                                        ? static_cast<unsigned long long>(settings.seed)
                                        : fresh_seed(r));
                    round_outcomes.push_back(t);
                    jobs.push_back({&run, &round_outcomes.back(), "", "",
                                    static_cast<long long>(seeds.back()), &t});
                }
            } else {
                jobs.push_back({&run, &t, "", ""});
            }
        }
    }
    // A running suite's record and stderr files are those of its slot, made by the first suite
    // to take the slot and emptied for each next one: making two files a test, on the work
    // folder's file system (ext4 here, which searches its inode tables for a free inode), cost
    // more CPU than the rest of the driver's work.
    std::vector<std::string> free_slots;
    std::size_t slots_made = 0;
    auto start = [&](Job& job) -> std::unique_ptr<grade::Proc> {
        const std::string& lab = job.lab->lab;
        if (free_slots.empty()) free_slots.push_back(work + "/slot" + std::to_string(slots_made++));
        job.slot = free_slots.back();
        free_slots.pop_back();
        job.record = job.slot + ".record";
        job.errors = job.slot + ".err";
        truncate(job.record.c_str(), 0);  // the suite appends to it
        grade::Options opt;
        opt.student = false;
        opt.timeout = settings.valgrind ? kTestDeadline * 8 : kTestDeadline;
        // doctest's report: the record says it all, and a file fewer a test saves time (making
        // files in the work folder took 2.5 % of a grading's CPU, mostly the file system's).
        opt.stdout_file = "/dev/null";
        opt.stderr_file = job.errors;
        namespace protocol = grade::protocol;
        opt.env = {protocol::assign(protocol::kBin, work + "/bin/" + lab),
                   protocol::assign(protocol::kRecord, job.record),
                   protocol::assign(protocol::kTest, job.test->name),
                   protocol::assign(protocol::kValgrind, settings.valgrind ? "1" : "0"),
                   protocol::assign(protocol::kSandbox, settings.sandbox ? "1" : "0"),
                   protocol::assign(protocol::kHide, paths.source + "/solutions"), "TMPDIR=" + work,
                   // Payloads of megabytes in transparent huge pages: a suite that made,
                   // copied and compared 32 MiB in 4 KiB pages spent most of its time in
                   // page faults (us_client's test: 0.8 s of CPU, 0.27 s so).
                   "GLIBC_TUNABLES=glibc.malloc.hugetlb=1"};
        if (job.seed >= 0) {
            const auto seed = static_cast<unsigned long long>(job.seed);
            opt.env.push_back(protocol::assign(protocol::kSeed, std::to_string(seed)));
            opt.env.push_back(
                protocol::assign(protocol::kInputSeed, std::to_string(input_seed(paths, seed))));
            opt.env.push_back(protocol::assign(protocol::kPerturbLib, perturb_lib));
            // The rounds a grading runs, also when SEED replays one of them: a round's volume
            // (per_round) must be what it was when it failed.
            opt.env.push_back(
                protocol::assign(protocol::kRounds, std::to_string(std::max(1, settings.rounds))));
        }
        return std::make_unique<grade::Proc>(paths.suites + "/" + lab,
                                             std::vector<std::string>{"--no-colors=true"}, opt);
    };
    // The costliest tests first, by what they cost last time: the last to start are then the
    // short ones, and the grading ends soon after its longest test.
    // Under valgrind every program costs many times the CPU: a history of its own.
    const std::string history =
        paths.cache + (settings.valgrind ? "/timings-valgrind.json" : "/timings.json");
    const auto cost = load_costs(history);
    std::vector<std::size_t> order(jobs.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    auto cost_of = [&](const Job& job) -> std::array<double, 2> {
        auto it = cost.find(job.lab->lab + ": " + job.test->name);
        return it == cost.end() ? std::array{1e9, 1e9} : it->second;  // never seen: could be long
    };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return cost_of(jobs[a])[0] > cost_of(jobs[b])[0];
    });
    // Tests across all labs keep JOBS CPUs busy, by the share of a CPU each used last time: a
    // new one starts as soon as one ends, and tests that mostly wait run beside busy ones.
    std::set<const TestOutcome*> failed_round, settled_round;
    PoolOptions pool{.width = settings.jobs, .share = [&](std::size_t i) {
                         auto [wall, cpu] = cost_of(jobs[order[i]]);
                         return wall > 0 ? cpu / wall : 1.0;
                     }};
    run_pool(
        jobs.size(), pool,
        [&](std::size_t i) -> std::unique_ptr<grade::Proc> {
            Job& job = jobs[order[i]];
            // A self-test only asks whether the mutant fails: once one round of a test has
            // failed, its remaining rounds cannot change that. Nor can they once a round hung,
            // or ran a program that is not implemented: each would fail again the same way.
            if (job.round_of && (settled_round.count(job.round_of) ||
                                 (settings.until_failure && failed_round.count(job.round_of)))) {
                job.skipped = true;
                return nullptr;
            }
            return start(job);
        },
        [&](std::size_t i, const grade::Result& r) {
            Job& job = jobs[order[i]];
            collect(job, r);
            free_slots.push_back(job.slot);
            if (job.round_of && !job.test->passed) failed_round.insert(job.round_of);
            if (job.round_of && !job.test->passed &&
                (job.test->hung || !job.test->unimplemented.empty()))
                settled_round.insert(job.round_of);
        });
    // A test that ended early this time (a skeleton's, a mutant's) may well take its full time
    // next time: what it cost before fades rather than vanishes.
    Costs costs = cost;
    for (const auto& job : jobs)
        if (!job.skipped) {
            auto& [wall, cpu] = costs[job.lab->lab + ": " + job.test->name];
            wall = std::max(job.test->wall, 0.75 * wall);
            cpu = std::max(job.test->cpu, 0.75 * cpu);
        }
    save_costs(history, costs);
    for (auto& planned : seeds_of) {
        TestOutcome* test = planned.first;
        std::vector<const TestOutcome*> outcomes;
        std::vector<unsigned long long> seeds;
        std::string lab;
        for (const auto& job : jobs)
            if (job.round_of == test && !job.skipped) {
                outcomes.push_back(job.test);
                seeds.push_back(static_cast<unsigned long long>(job.seed));
                lab = job.lab->lab;
            }
        merge_rounds(lab, std::max(1, settings.rounds), *test, outcomes, seeds);
    }
    return runs;
}

}  // namespace driver
