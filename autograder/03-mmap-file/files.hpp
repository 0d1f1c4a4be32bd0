// Grader-side helpers for lab 03: files the grader makes and reads back, a look at the mappings
// of a running program, and running a program on a chosen set of CPUs.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mappings.hpp"
#include "process.hpp"

namespace grade::lab03 {

// Creates PATH (or replaces its contents) with exactly BYTES, mode MODE.
void write_file(const std::string& path, const std::string& bytes, unsigned mode = 0644);
// Every byte of PATH as read() sees it; nullopt when PATH cannot be opened.
std::optional<std::string> read_file(const std::string& path);

struct FileInfo {
    std::uint64_t size;
    unsigned mode;  // permission bits
};
std::optional<FileInfo> file_info(const std::string& path);

// Makes PATH impossible to open for writing, also for root (mode 0444, and the immutable flag
// when we run as root); undone at the end of the test. Fails the test's setup if it cannot.
void make_read_only(const std::string& path);

// Until P exits (or SECONDS pass): again and again, stops every child of P but one with
// SIGSTOP, lets that one run until it exits (or for at most a second), then continues the
// others. A child stopped between loading and storing a shared counter then stores a stale
// value once it continues: the adversarial schedule that makes a lost update near certain.
// Harmless to correct programs: stopping a process between atomic operations loses nothing.
void interleave_children(Proc& p, double seconds);

// Runs FN with this process (and so every program it starts meanwhile) allowed only on CPUS;
// the previous set is restored afterwards. An empty CPUS means every CPU the machine has.
void on_cpus(const std::vector<int>& cpus, const std::function<void()>& fn);
// How many CPUs programs can run on at once here.
int cpu_count();

}  // namespace grade::lab03
