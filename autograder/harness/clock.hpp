// Time as the harness measures it: a monotonic clock, and pauses between two looks at a process.
#pragma once

namespace grade {

double now();  // monotonic seconds
// A pause between two looks at a process: observation only, never to let a program get
// somewhere (that is waited for by evidence: a line, a state, a file).
void pause_for(double seconds);

}  // namespace grade
