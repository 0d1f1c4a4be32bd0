#include "build.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "process.hpp"

namespace fs = std::filesystem;

namespace driver {
namespace {

const std::vector<std::string> kFlags = {"-std=c++20", "-O2", "-g", "-Wall", "-Wextra", "-pthread"};

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

// Every header a program may include: its lab's own and the shared ones in common/.
std::uint64_t headers_hash(const fs::path& lab_dir, const fs::path& common) {
    std::vector<fs::path> files;
    for (const fs::path& dir : {lab_dir, common / "ipclab"})
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
    std::unique_ptr<grade::Proc> proc;
    fs::path tmp;
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
    const std::uint64_t base = headers_hash(lab_dir, common);
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
    // Start compilers for the programs not in the cache, at most JOBS at a time.
    std::size_t next = 0, running = 0;
    auto finish = [&](Job& job) {
        grade::Result r = job.proc->wait();
        job.proc.reset();
        --running;
        if (r.exit_code() == 0) {
            fs::rename(job.tmp, job.cached);  // atomic: parallel gradings never see half a file
        } else {
            fs::remove(job.tmp);
            build.ok = false;
            build.log += r.timed_out ? job.program + ".cpp: the compiler timed out\n" : r.err;
        }
    };
    for (;;) {
        while (next < jobs.size() && running < static_cast<std::size_t>(settings.jobs)) {
            Job& job = jobs[next++];
            if (fs::exists(job.cached)) continue;
            job.tmp = job.cached.string() + ".tmp" + std::to_string(getpid());
            std::vector<std::string> args = kFlags;
            for (const auto& inc : {common, lab_dir})
                args.push_back("-I" + inc.string());
            args.insert(args.end(), {"-o", job.tmp.string(),
                                     (lab_dir / (job.program + ".cpp")).string(), "-lrt"});
            grade::Options opt;
            opt.student = false;
            opt.timeout = 180;
            // The compiler's own temporary files go to our scratch directory, which goes with
            // us: a compiler orphaned by a killed grader cannot litter the machine's /tmp.
            opt.env = {"TMPDIR=" + grade::scratch_dir()};
            job.proc = std::make_unique<grade::Proc>("g++", args, opt);
            ++running;
        }
        Job* oldest = nullptr;
        for (auto& j : jobs)
            if (j.proc) {
                oldest = &j;
                break;
            }
        if (!oldest) break;
        finish(*oldest);
    }
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
