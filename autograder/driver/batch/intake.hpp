// Taking a student's lab sources out of a submission: a directory laid out like labs/, or an
// archive of one (.tar.gz, .tgz, .tar, .zip...). Only NN-name/<file>.cpp|.hpp|.h files of known
// labs are taken, at any depth (so "labs/01-shm-open/x.cpp" and "alice/01-shm-open/x.cpp" both
// count); everything else is ignored. A submission that could smuggle anything out of its
// directory (absolute paths, "..", links that escape, devices) is refused whole.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>

namespace batch {

struct Intake {
    std::map<std::string, std::string> files;  // "01-shm-open/shm_create.cpp" -> its bytes
    std::string error;                         // why the submission was refused; "" if taken
};

struct Limits {
    std::size_t max_entries = 20000;            // entries in an archive or a directory tree
    std::uint64_t max_total = 64ull << 20;      // bytes of all entries, taken or not
    std::uint64_t max_taken_file = 1ull << 20;  // bytes of one taken source file
};

// LABS: the lab folders the grader knows ("01-shm-open", ...).
Intake take_submission(const std::filesystem::path& entry, const std::set<std::string>& labs,
                       const Limits& limits = {});

// True for the names take_submission() reads as archives.
bool is_archive(const std::filesystem::path& entry);

// The student's name: the entry's file name without its archive extension.
std::string student_name(const std::filesystem::path& entry);

// Writes the taken files under DIR (emptied first), one folder per lab.
void stage(const Intake& intake, const std::filesystem::path& dir);

// A hash of the taken files (names and bytes), in hex.
std::string hash_files(const std::map<std::string, std::string>& files, std::uint64_t seed);

}  // namespace batch
