#include "build.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "pool.hpp"
#include "process.hpp"

namespace fs = std::filesystem;

namespace driver {
namespace {

// The C++ runtime is linked in statically: a grading starts thousands of student processes,
// and resolving libstdc++'s symbols at each start cost more than most programs then do (a
// bank_transfer started in 4.3 ms dynamically, 2.7 ms so). The C library stays shared, so the
// schedule perturber and valgrind can still stand in for its functions.
const std::vector<std::string> kFlags = {
    "-std=c++20",        "-O2",           "-g", "-Wall", "-Wextra", "-pthread",
    "-static-libstdc++", "-static-libgcc"};

std::uint64_t fnv1a(std::uint64_t h, const std::string& bytes) {
    for (unsigned char c : bytes)
        h = (h ^ c) * 0x100000001b3ULL;
    return h;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Every header a program may include: the grader's given ones, its lab's own and the shared
// ones in common/.
std::uint64_t headers_hash(const fs::path& given, const fs::path& lab_dir, const fs::path& common) {
    std::vector<fs::path> files;
    for (const fs::path& dir : {given, lab_dir, common / "ipclab"})
        if (fs::is_directory(dir))
            for (const auto& e : fs::directory_iterator(dir))
                if (e.is_regular_file() && e.path().extension() != ".cpp")
                    files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const auto& f : files)
        h = fnv1a(fnv1a(h, f.filename().string()), slurp(f));
    for (const auto& f : kFlags)
        h = fnv1a(h, f);
    return h;
}

struct Job {
    std::string program;
    fs::path cached;
    fs::path tmp;
    std::string log_file, log;  // what its compiler said, if it failed
};

}  // namespace

Build build_lab(const Paths& paths, const Settings& settings, const std::string& lab,
                const std::string& bin_dir) {
    Build build;
    const fs::path lab_dir = fs::absolute(fs::path(settings.submission) / lab);
    const fs::path common = fs::path(paths.source) / "common";
    fs::create_directories(bin_dir);
    fs::create_directories(paths.cache);
    if (!fs::is_directory(lab_dir)) {
        build.ok = false;
        build.log = "no folder " + lab_dir.string() + " in the submission\n";
        return build;
    }
    // The lab's given headers (a layout the programs and the grader share) come from the
    // grader's copy, autograder/NN-name/given/, whatever the submission's copy says.
    const fs::path given = fs::path(paths.source) / "autograder" / lab / "given";
    const std::uint64_t base = headers_hash(given, lab_dir, common);
    std::vector<fs::path> sources;
    for (const auto& e : fs::directory_iterator(lab_dir))
        if (e.is_regular_file() && e.path().extension() == ".cpp") sources.push_back(e.path());
    std::sort(sources.begin(), sources.end());

    std::vector<Job> jobs;
    for (const auto& src : sources) {
        Job job;
        job.program = src.stem().string();
        char key[32];
        std::snprintf(key, sizeof key, "%016llx",
                      static_cast<unsigned long long>(fnv1a(base, slurp(src))));
        job.cached = fs::path(paths.cache) / (std::string(key) + "-" + job.program);
        jobs.push_back(std::move(job));
    }
    // Compilers for the programs not in the cache, JOBS at a time.
    run_pool(
        jobs.size(), {.width = settings.jobs},
        [&](std::size_t i) -> std::unique_ptr<grade::Proc> {
            Job& job = jobs[i];
            if (fs::exists(job.cached)) return nullptr;
            job.tmp = job.cached.string() + ".tmp" + std::to_string(getpid());
            std::vector<std::string> args = kFlags;
            for (const auto& inc : {given, common, lab_dir})
                args.push_back("-I" + inc.string());
            // The compiler reads a copy of the source from our scratch directory, so that
            // `#include "x.hpp"` looks in the -I folders, given/ first, rather than beside the
            // source first, where a submission's own copy of a given header would win. #line
            // keeps the compiler's messages naming the student's file.
            const fs::path src = lab_dir / (job.program + ".cpp");
            const fs::path copy = fs::path(grade::scratch_dir()) / "src" / lab / src.filename();
            fs::create_directories(copy.parent_path());
            std::string name;
            for (char c : src.string())
                name += (c == '"' || c == '\\' ? "\\" : "") + std::string(1, c);
            std::ofstream(copy, std::ios::binary) << "#line 1 \"" << name << "\"\n" << slurp(src);
            args.insert(args.end(), {"-o", job.tmp.string(), copy.string(), "-lrt"});
            grade::Options opt;
            // Its messages go to a file: the pool reads nothing from pipes while it waits.
            opt.stdout_file = copy.string() + ".out";
            opt.stderr_file = job.log_file = copy.string() + ".err";
            opt.student = false;
            opt.timeout = 180;
            // The compiler's own temporary files go to our scratch directory, which goes with
            // us: a compiler orphaned by a killed grader cannot litter the machine's /tmp.
            opt.env = {"TMPDIR=" + grade::scratch_dir()};
            return std::make_unique<grade::Proc>("g++", args, opt);
        },
        [&](std::size_t i, const grade::Result& r) {
            Job& job = jobs[i];
            if (r.exit_code() == 0) {
                fs::rename(job.tmp, job.cached);  // atomic: parallel gradings never see half
            } else {
                fs::remove(job.tmp);
                build.ok = false;
                job.log = r.timed_out ? job.program + ".cpp: the compiler timed out\n"
                                      : slurp(job.log_file);
            }
        });
    for (const auto& job : jobs)  // in the programs' order, whichever compiler ended first
        build.log += job.log;
    for (const auto& job : jobs)
        if (fs::exists(job.cached))
            place(job.cached.string(), (fs::path(bin_dir) / job.program).string());
    return build;
}

void place(const std::string& file, const std::string& to) {
    fs::remove(to);
    std::error_code cross_device;
    fs::create_hard_link(file, to, cross_device);
    if (cross_device) fs::copy_file(file, to);
}

}  // namespace driver
