#include "build.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include "../perturb/wrapped.hpp"
#include "pool.hpp"
#include "process.hpp"

namespace fs = std::filesystem;

namespace driver {
namespace {

// Each program is linked statically: a grading starts over a thousand student processes, and a
// dynamic one spent more time in the loader than most programs then spend working (shm_create:
// 1.4 ms of CPU from exec to exit, against 2.3 ms dynamically). The schedule perturber is
// linked in (wrapped.hpp), idle unless a concurrent test's round gives it a seed. Under
// valgrind, whose memcheck must stand in for the C library's allocator, programs are linked
// against the shared C library instead (the C++ runtime still linked in).
const std::vector<std::string> kFlags = {"-std=c++20", "-O2", "-g", "-Wall", "-Wextra", "-pthread"};

#define IPCLAB_WRAP_FLAG(fn) ",--wrap=" #fn
// The linker's arguments for OBJECT into OUT. Statically, the whole perturber goes in (the C++
// runtime, which comes after it, calls wrapped functions too), and the program's calls of each
// wrapped function go to the perturber's wrapper.
std::vector<std::string> link_args(bool shared, const std::string& perturber,
                                   const std::string& object, const std::string& out) {
    std::vector<std::string> args = {"-pthread", "-o", out, object};
    if (shared)
        args.insert(args.end(), {"-static-libstdc++", "-static-libgcc"});
    else
        args.insert(args.end(),
                    {"-static", "-Wl,--whole-archive", perturber, "-Wl,--no-whole-archive",
                     std::string("-Wl") + IPCLAB_PERTURB_WRAPPED(IPCLAB_WRAP_FLAG)});
    args.push_back("-lrt");
    return args;
}

std::uint64_t fnv1a(std::uint64_t h, const std::string& bytes) {
    for (unsigned char c : bytes)
        h = (h ^ c) * 0x100000001b3ULL;
    return h;
}

// The whole file in one read into a string of its size (through a stream buffer, a 240 KB
// archive was copied several times over).
std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary | std::ios::ate);
    std::string bytes(in ? static_cast<std::size_t>(in.tellg()) : 0, '\0');
    in.seekg(0);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return bytes;
}

// The perturber archive's hash, read once a grading rather than once a lab.
std::uint64_t perturber_hash(const fs::path& archive) {
    static const std::uint64_t hash = fnv1a(0xcbf29ce484222325ULL, slurp(archive));
    return hash;
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
    for (bool shared : {false, true})
        for (const auto& f : link_args(shared, "", "", ""))
            h = fnv1a(h, f);
    return h;
}

struct Job {
    std::string program;
    fs::path cached;            // the executable
    fs::path object;            // compiled in this grading (empty: it was cached)
    std::string log_file, log;  // what its compiler or linker said, if it failed
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

    // The perturber linked into static executables is part of what they are made of.
    const fs::path perturber = fs::path(paths.suites).parent_path() / "libipclab-perturb-static.a";
    if (!settings.valgrind && !fs::exists(perturber))
        throw std::runtime_error("the schedule perturber " + perturber.string() +
                                 " is missing: build the project first");
    const std::uint64_t made_with = settings.valgrind
                                        ? fnv1a(base, "shared")
                                        : fnv1a(base, std::to_string(perturber_hash(perturber)));
    std::vector<Job> jobs;
    for (const auto& src : sources) {
        Job job;
        job.program = src.stem().string();
        char key[32];
        std::snprintf(key, sizeof key, "%016llx",
                      static_cast<unsigned long long>(fnv1a(made_with, slurp(src))));
        job.cached = fs::path(paths.cache) / (std::string(key) + "-" + job.program);
        jobs.push_back(std::move(job));
    }
    const fs::path scratch = fs::path(grade::scratch_dir()) / "src" / lab;
    // Compilers for the programs not in the cache, JOBS at a time.
    run_pool(
        jobs.size(), {.width = settings.jobs},
        [&](std::size_t i) -> std::unique_ptr<grade::Proc> {
            Job& job = jobs[i];
            if (fs::exists(job.cached)) return nullptr;
            fs::create_directories(scratch);  // only when something is compiled
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
            if (r.exit_code() == 0) return;
            build.ok = false;
            job.log =
                r.timed_out ? job.program + ".cpp: the compiler timed out\n" : slurp(job.log_file);
            job.object.clear();
        });
    // Then the linker, for the programs that compiled, into a file of our own first.
    auto linked = [](const Job& job) {
        return job.cached.string() + ".tmp" + std::to_string(getpid());
    };
    run_pool(
        jobs.size(), {.width = settings.jobs},
        [&](std::size_t i) -> std::unique_ptr<grade::Proc> {
            const Job& job = jobs[i];
            if (job.object.empty()) return nullptr;
            return tool(
                link_args(settings.valgrind, perturber.string(), job.object.string(), linked(job)),
                job.object.string() + ".err");
        },
        [&](std::size_t i, const grade::Result& r) {
            Job& job = jobs[i];
            const std::string tmp = linked(job);
            if (r.exit_code() == 0) {
                fs::rename(tmp, job.cached);  // atomic: parallel gradings never see half
                return;
            }
            fs::remove(tmp);
            build.ok = false;
            // The linker's messages do not name the source: say which program they are about.
            job.log += job.program + ".cpp compiled but did not link" +
                       (r.timed_out ? " (the linker timed out)\n"
                                    : ":\n" + slurp(job.object.string() + ".err"));
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
