// VALGRIND=1 (valgrind_mode()): a student's program runs under memcheck, and what memcheck
// complains of fails the test.
#pragma once

#include <string>
#include <vector>

namespace grade::valgrind {

// The command line that runs a program under memcheck (the program's own follows it), with
// memcheck's log going to files LOG.<pid>, one per process.
std::vector<std::string> command(const std::string& log);
// Memcheck's complaints worth points from the LOG.* files, whole: memory errors, leaks and
// descriptors other than 0-2 left open. "" when there are none.
std::string complaints(const std::string& log);

}  // namespace grade::valgrind
