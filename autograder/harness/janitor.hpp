// The scratch directory (scratch_dir()) must not outlive the grader, however the grader ends:
// Ctrl-C, a kill from a batch system, or SIGKILL, which no handler can catch.
#pragma once

namespace grade {

// Creates the scratch directory and forks a janitor process that removes it as soon as this
// process ends. Call once, early in main(), before any thread or child exists.
void guard_scratch_dir();

// At a normal exit: removes the scratch directory and ends the janitor (reaped here, so no
// zombie is left to an init that might not reap it).
void release_scratch_dir();

}  // namespace grade
