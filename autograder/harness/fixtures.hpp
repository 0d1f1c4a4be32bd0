// Fresh inputs for each run (random bytes, unique names) and grader-side access to the objects
// student programs make. Everything a test creates is removed when the test ends.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "process.hpp"

namespace grade {

// Runs the student's PROGRAM (from the submission being graded) with ARGS.
Result run_student(const std::string& program, const std::vector<std::string>& args,
                   Options opt = {});
// Starts it without waiting, for tests that watch or talk to a running program.
std::string student_path(const std::string& program);

// Registers work to do when the current test ends, pass or fail (removing what it made).
void at_test_end(std::function<void()> cleanup);
// Runs and forgets the registered cleanups (the suite's listener calls this).
void run_test_cleanups();

std::mt19937_64& rng();
std::uint64_t random_below(std::uint64_t bound);
std::string random_bytes(std::size_t n);  // binary, NUL bytes included
// N pseudo-random bytes at P, all fixed by STATE: the generator behind random_bytes().
void fill_random(char* p, std::size_t n, std::uint64_t state);
std::string random_word(std::size_t n);  // [a-z0-9]

// A name no other run uses ("/ipclab-<pid>-<n>-<random>"); its shm object, if any, is removed
// at the end of the test.
std::string fresh_shm_name();
// A path in the scratch directory that nothing uses yet; removed at the end of the test.
std::string fresh_path(const std::string& stem);

struct ShmInfo {
    std::uint64_t size;
    unsigned mode;  // permission bits
};
std::optional<ShmInfo> shm_info(const std::string& name);  // nullopt when NAME does not exist
std::string shm_contents(const std::string& name);         // every byte of the object
// Gives the open descriptor FD mode MODE, writes all of BYTES to it and closes it; throws,
// naming WHAT, if any of that fails. For files and objects the grader prepares.
void fill_and_close(int fd, const std::string& bytes, unsigned mode, const std::string& what);
// Creates NAME (mode MODE) holding exactly BYTES.
void make_shm(const std::string& name, const std::string& bytes, unsigned mode = 0600);

void remove_shm(const std::string& name);  // no error if it is already gone

std::string octal(unsigned mode);

}  // namespace grade
