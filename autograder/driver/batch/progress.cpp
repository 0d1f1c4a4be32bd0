#include "progress.hpp"

#include "process.hpp"

namespace batch {
namespace {

std::string duration(double seconds) {
    const int s = static_cast<int>(seconds + 0.5);
    if (s < 60) return std::to_string(s) + " s";
    return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
}

}  // namespace

Progress::Progress(std::ostream& out, bool live, int total, int to_grade)
    : out_(out), live_(live), total_(total), to_grade_(to_grade), start_(grade::now()) {}

std::string Progress::eta() const {
    if (graded_ == to_grade_) return "done";
    if (graded_ == 0) return "ETA unknown";
    const double per = (grade::now() - start_) / graded_;
    return "ETA " + duration(per * (to_grade_ - graded_));
}

void Progress::finished(Kind kind, const std::string& student, int score, int max,
                        const std::string& broken) {
    ++done_;
    graded_ += kind == Kind::graded;
    unchanged_ += kind == Kind::unchanged;
    failed_ += !broken.empty();
    if (live_) {
        redraw();
        return;
    }
    out_ << "[" << done_ << "/" << total_ << "] " << student << ": ";
    if (!broken.empty())
        out_ << "not graded (0 points): " << broken;
    else
        out_ << score << "/" << max
             << (kind == Kind::unchanged ? " (unchanged, not graded again)" : "");
    out_ << "\n" << std::flush;
}

void Progress::redraw() {
    if (!live_) return;
    out_ << "\r\033[K[" << done_ << "/" << total_ << "] " << failed_ << " failed, " << eta() << ", "
         << duration(grade::now() - start_) << " so far" << std::flush;
}

void Progress::end() {
    if (live_) out_ << "\n";
    out_ << "Graded " << graded_ << " submission(s), " << unchanged_ << " unchanged, " << failed_
         << " not graded (0 points), in " << duration(grade::now() - start_) << "\n\n";
}

}  // namespace batch
