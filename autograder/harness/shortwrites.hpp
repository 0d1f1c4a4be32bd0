// Forcing short writes. A blocking write() that has moved part of its bytes when a signal comes
// (SIGSTOP included) returns the count so far: fewer bytes than asked. A program that ignores
// that count loses the rest, but only when a write is interrupted half done, which an ordinary
// run hardly ever does. These helpers make it happen on purpose, from outside, with no timing:
// the grader stops and continues a program while /proc shows it asleep in a write on a full
// pipe or socket that it has begun to fill.
#pragma once

#include <sys/types.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "process.hpp"

namespace grade {

// Runs rounds on the running program P until STEP returns false (or P ends, or its deadline
// passes). Each round calls STEP, which frees a little room where the program writes (reads a
// few KiB of its stdout, of a socket...) and may feed it input; then waits until every process
// of P's family is asleep and stays so (nothing but the grader can wake them: the program has
// gone as far as it can), and if one of them sleeps in a write, stops them all (SIGSTOP) and
// continues them (SIGCONT) once every one has stopped. Returns how many rounds stopped a write.
// A program that never settles (it polls in a loop) is stopped after a bounded wait anyway.
int stop_while_writing(Proc& p, const std::function<bool()>& step);

// stop_while_writing for a program that writes to its stdout pipe: each round reads a few KiB of
// it (room for part of a write, not all of it), for ROUNDS rounds.
void stop_while_writing_stdout(Proc& p, int rounds);

// The hint for bytes lost that way: PROGRAM was stopped while it waited for room in WHERE.
std::string short_write_hint(const std::string& program, const std::string& where);

// Shrinks to four pages (16 KiB) each pipe that ROOT reads (and does not write) while another
// process of its family writes into it: the pipes its children send their results back
// through. A child's write of more than that then sleeps half done until ROOT reads, which is
// where stop_while_writing finds it; what ROOT reads from it at once is still more than a page,
// so that ROOT's own writes of it can be cut short too (a write of one page never is). Call it
// while the pipes are still empty (a fuller pipe keeps its size); DONE remembers the pipes already
// shrunk, so it may be called every round. A correct program works with pipes of any size: it only
// gets slower.
void narrow_pipes_back(pid_t root, std::set<unsigned long>& done);

}  // namespace grade
