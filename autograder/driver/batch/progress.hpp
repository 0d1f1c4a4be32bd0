// How far a batch is: on a terminal one live line (done/total, failures, ETA) redrawn in place;
// otherwise (a log, CI) one plain line per submission as it finishes.
#pragma once

#include <ostream>
#include <string>

namespace batch {

class Progress {
  public:
    // TOTAL submissions, of which TO_GRADE will actually be graded (the rest are unchanged).
    Progress(std::ostream& out, bool live, int total, int to_grade);
    enum class Kind { graded, unchanged, refused };
    // A submission is done: graded (SCORE/MAX, or BROKEN if the grader failed on it), unchanged
    // since the last run (not graded again), or refused at intake (BROKEN says why).
    void finished(Kind kind, const std::string& student, int score, int max,
                  const std::string& broken);
    void redraw();  // on a terminal: refresh the ETA while nothing finishes
    void end();

  private:
    std::string eta() const;

    std::ostream& out_;
    bool live_;
    int total_, to_grade_, done_ = 0, graded_ = 0, unchanged_ = 0, failed_ = 0;
    double start_;
};

}  // namespace batch
