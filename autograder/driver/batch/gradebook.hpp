// A class's grades: one record per student, read back from the results.json the grader wrote
// for them, and the figures drawn from all of them (score histogram, pass rate of each test).
#pragma once

#include <filesystem>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace batch {

struct StudentRecord {
    std::string student;
    std::string hash;    // of the sources graded (with the grader's fingerprint)
    std::string broken;  // why the submission was not graded ("" when it was)
    double seconds = 0;  // how long grading took
    std::map<std::string, int> lab_score, lab_max;
    std::vector<std::pair<std::string, bool>> tests;  // "lab: test", passed
    int score = 0, max = 0;
};

// OUT/students/<student>/: results.json (Gradescope format), feedback.txt, record.json.
std::filesystem::path student_dir(const std::filesystem::path& out, const std::string& student);
// Reads results.json and record.json; false if either is missing or unreadable.
bool read_record(const std::filesystem::path& dir, StudentRecord& record);
// Writes record.json (hash, broken, seconds): what re-runs compare against.
void write_record(const std::filesystem::path& dir, const StudentRecord& record);

struct Summary {
    std::vector<std::string> labs;       // every lab seen, in order
    std::map<std::string, int> lab_max;  // the most points any record gives a lab
    std::vector<int> histogram;          // students per 10% of the total: [0,10), ... [90,100]
    struct TestRate {
        std::string name;
        int passed = 0, graded = 0;
    };
    std::vector<TestRate> tests;  // in the order the suites list them
    int students = 0, broken = 0, full_marks = 0;
    double mean_percent = 0, median_percent = 0;
};

Summary summarize(const std::vector<StudentRecord>& records);
// gradebook.csv: student, one column per lab, total, max, note (why a submission was refused).
void write_gradebook_csv(const std::filesystem::path& path,
                         const std::vector<StudentRecord>& records, const Summary& summary);
// The same figures as the HTML report, as text bars.
void print_summary(std::ostream& out, const std::vector<StudentRecord>& records,
                   const Summary& summary);
// A student's total as a percentage of their maximum (0 when the maximum is 0).
double percent(const StudentRecord& record);

}  // namespace batch
