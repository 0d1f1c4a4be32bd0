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

// Each program is compiled once and linked twice:
// - fully static, for the runs of most tests: a grading starts over a thousand student
//   processes, and a dynamic one spent more time in the loader than most programs then spend
//   working (shm_create: 1.4 ms of CPU from exec to exit, against 2.3 ms dynamically);
// - against the shared C library (the C++ runtime still linked in), for the runs that need
//   to stand in for its functions: the schedule perturber's preloaded library, and valgrind.
const std::vector<std::string> kFlags = {"-std=c++20", "-O2",     "-g",
                                         "-Wall",      "-Wextra", "-pthread"};
const std::vector<std::string> kLinkShared = {"-pthread", "-static-libstdc++", "-static-libgcc"};
const std::vector<std::string> kLinkStatic = {"-pthread", "-static"};

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
    for (const auto* flags : {&kFlags, &kLinkShared, &kLinkStatic})
        for (const auto& f : *flags)
            h = fnv1a(h, f);
    return h;
}

struct Job {
    std::string program;
    fs::path cached, cached_static;  // the two executables, shared and static
    fs::path object;                 // compiled in this grading (empty: both were cached)
    std::string log_file, log;       // what its compiler or linker said, if it failed
};

// A grader's own tool run (compiler, linker): its messages go to LOG_FILE, since the pool reads
// nothing from pipes while it waits, and its temporary files to our scratch directory, which
// goes with us: a compiler orphaned by a killed grader cannot litter the machine's /tmp.
std::unique_ptr<grade::Proc> tool(const std::vector<std::string>& args,
                                  const std::string& log_file) {
    grade::Options opt;
    opt.stdout_file = log_file + ".out";
    opt.stderr_file = log_file;
    opt.student = false;
    opt.timeout = 180;
    opt.env = {"TMPDIR=" + grade::scratch_dir()};
    return std::make_unique<grade::Proc>("g++", args, opt);
}

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
        job.cached_static = job.cached.string() + ".static";
        jobs.push_back(std::move(job));
    }
    const fs::path scratch = fs::path(grade::scratch_dir()) / "src" / lab;
    fs::create_directories(scratch);
    // Compilers for the programs not in the cache, JOBS at a time.
    run_pool(
        jobs.size(), {.width = settings.jobs},
        [&](std::size_t i) -> std::unique_ptr<grade::Proc> {
            Job& job = jobs[i];
            if (fs::exists(job.cached) && fs::exists(job.cached_static)) return nullptr;
            // The compiler reads a copy of the source from our scratch directory, so that
            // `#include "x.hpp"` looks in the -I folders, given/ first, rather than beside the
            // source first, where a submission's own copy of a given header would win. #line
            // keeps the compiler's messages naming the student's file.
            const fs::path src = lab_dir / (job.program + ".cpp");
            const fs::path copy = scratch / src.filename();
            std::string name;
            for (char c : src.string())
                name += (c == '"' || c == '\\' ? "\\" : "") + std::string(1, c);
            std::ofstream(copy, std::ios::binary) << "#line 1 \"" << name << "\"\n" << slurp(src);
            job.object = scratch / (job.program + ".o");
            job.log_file = copy.string() + ".err";
            std::vector<std::string> args = kFlags;
            for (const auto& inc : {given, common, lab_dir})
                args.push_back("-I" + inc.string());
            args.insert(args.end(), {"-c", "-o", job.object.string(), copy.string()});
            return tool(args, job.log_file);
        },
        [&](std::size_t i, const grade::Result& r) {
            Job& job = jobs[i];
            if (r.exit_code() != 0) {
                build.ok = false;
                job.log = r.timed_out ? job.program + ".cpp: the compiler timed out\n"
                                      : slurp(job.log_file);
                job.object.clear();
            }
        });
    // Then each compiled object is linked both ways. Where the static link fails and the shared
    // one works (a library with no static archive), the shared executable serves for both.
    auto target = [&](std::size_t i) -> const fs::path& {
        return i % 2 ? jobs[i / 2].cached_static : jobs[i / 2].cached;
    };
    run_pool(
        jobs.size() * 2, {.width = settings.jobs},
        [&](std::size_t i) -> std::unique_ptr<grade::Proc> {
            const Job& job = jobs[i / 2];
            if (job.object.empty()) return nullptr;
            std::vector<std::string> args = i % 2 ? kLinkStatic : kLinkShared;
            const std::string tmp = target(i).string() + ".tmp" + std::to_string(getpid());
            args.insert(args.end(), {"-o", tmp, job.object.string(), "-lrt"});
            return tool(args, job.object.string() + (i % 2 ? ".static.err" : ".err"));
        },
        [&](std::size_t i, const grade::Result& r) {
            Job& job = jobs[i / 2];
            const std::string tmp = target(i).string() + ".tmp" + std::to_string(getpid());
            if (r.exit_code() == 0) {
                fs::rename(tmp, target(i));  // atomic: parallel gradings never see half
                return;
            }
            fs::remove(tmp);
            if (i % 2) return;  // the shared executable stands in (below)
            build.ok = false;
            job.log += r.timed_out ? job.program + ": the linker timed out\n"
                                   : slurp(job.object.string() + ".err");
        });
    for (const auto& job : jobs)  // in the programs' order, whichever compiler ended first
        build.log += job.log;
    fs::create_directories(static_bin_dir(bin_dir));
    for (const auto& job : jobs) {
        if (!fs::exists(job.cached)) continue;
        place(job.cached.string(), (fs::path(bin_dir) / job.program).string());
        place((fs::exists(job.cached_static) ? job.cached_static : job.cached).string(),
              (fs::path(static_bin_dir(bin_dir)) / job.program).string());
    }
    return build;
}

std::string static_bin_dir(const std::string& bin_dir) {
    return bin_dir + ".static";
}

void place(const std::string& file, const std::string& to) {
    fs::remove(to);
    std::error_code cross_device;
    fs::create_hard_link(file, to, cross_device);
    if (cross_device) fs::copy_file(file, to);
}

}  // namespace driver
