#include "intake.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

namespace fs = std::filesystem;

namespace batch {
namespace {

const std::vector<std::string> kArchiveSuffixes = {".tar.gz",  ".tgz", ".tar.xz",
                                                   ".tar.bz2", ".tar", ".zip"};

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// "a/./b//c" -> {a, b, c}; backslashes count as separators, so "..\x" cannot slip through.
std::vector<std::string> components(const std::string& path) {
    std::vector<std::string> parts;
    std::string part;
    for (char c : path + "/") {
        if (c == '/' || c == '\\') {
            if (!part.empty() && part != ".") parts.push_back(part);
            part.clear();
        } else {
            part += c;
        }
    }
    return parts;
}

bool escapes(const std::string& path) {
    if (path.empty() || path[0] == '/' || path[0] == '\\') return true;
    auto parts = components(path);
    return std::find(parts.begin(), parts.end(), "..") != parts.end();
}

// A symbolic link at LINK pointing to TARGET stays inside the submission.
bool link_stays_inside(const std::string& link, const std::string& target) {
    if (target.empty() || target[0] == '/') return false;
    auto where = components(link);
    if (!where.empty()) where.pop_back();  // the link's own name
    for (const auto& part : components(target)) {
        if (part != "..") {
            where.push_back(part);
        } else if (where.empty()) {
            return false;
        } else {
            where.pop_back();
        }
    }
    return true;
}

bool safe_file_name(const std::string& name) {
    if (name.empty() || name[0] == '.') return false;
    for (unsigned char c : name)
        if (!std::isalnum(c) && c != '_' && c != '-' && c != '.') return false;
    return ends_with(name, ".cpp") || ends_with(name, ".hpp") || ends_with(name, ".h");
}

// Decides, entry by entry, what is taken and whether the submission is refused.
class Collector {
  public:
    Collector(const std::set<std::string>& labs, const Limits& limits)
        : labs_(labs), limits_(limits) {}

    // Counts an entry of SIZE bytes; false (with the reason) past the limits.
    bool count(std::uint64_t size) {
        total_ += size;
        if (++entries_ > limits_.max_entries)
            return refuse("more than " + std::to_string(limits_.max_entries) + " entries");
        if (total_ > limits_.max_total)
            return refuse("more than " + std::to_string(limits_.max_total >> 20) + " MiB");
        return true;
    }
    // The key a regular file is taken under ("01-shm-open/x.cpp"), or "" if it is not taken.
    std::string key(const std::string& path) const {
        auto parts = components(path);
        if (parts.size() < 2 || !labs_.count(parts[parts.size() - 2])) return "";
        if (!safe_file_name(parts.back())) return "";
        return parts[parts.size() - 2] + "/" + parts.back();
    }
    // Files are kept by the folder that holds their lab folders ("", "labs", "alice/labs"...).
    bool take(const std::string& key, const std::string& path, std::string bytes) {
        if (bytes.size() > limits_.max_taken_file)
            return refuse(path + " is larger than " + std::to_string(limits_.max_taken_file >> 10) +
                          " KiB");
        auto parts = components(path);
        std::string parent;
        for (std::size_t i = 0; i + 2 < parts.size(); ++i)
            parent += (i ? "/" : "") + parts[i];
        if (!found_[parent].emplace(key, std::move(bytes)).second)
            return refuse("two copies of " + key + " (one is " + path + ")");
        return true;
    }
    std::uint64_t max_taken_file() const { return limits_.max_taken_file; }
    bool refuse(const std::string& why) {
        if (intake_.error.empty()) intake_.error = why;
        return false;
    }
    // One folder of labs is taken. Where there are several (a student's repository also holds
    // autograder/NN-name/), the one named "labs" wins; more than one "labs" is ambiguous.
    Intake finish() {
        std::string places;
        std::vector<const std::map<std::string, std::string>*> named_labs;
        for (const auto& [parent, files] : found_) {
            places += (places.empty() ? "" : ", ") + (parent.empty() ? "." : parent);
            if (parent == "labs" || parent.ends_with("/labs")) named_labs.push_back(&files);
        }
        if (found_.size() == 1) return finish_with(found_.begin()->second);
        if (named_labs.size() == 1) return finish_with(*named_labs[0]);
        if (!found_.empty()) refuse("lab folders in several places: " + places);
        return finish_with({});
    }
    Intake finish_with(std::map<std::string, std::string> files) {
        intake_.files = std::move(files);
        if (intake_.error.empty() && intake_.files.empty())
            intake_.error = "no lab sources in it (expected folders such as " +
                            (labs_.empty() ? std::string("01-shm-open") : *labs_.begin()) +
                            "/ holding .cpp files)";
        if (!intake_.error.empty()) intake_.files.clear();
        return std::move(intake_);
    }

  private:
    const std::set<std::string>& labs_;
    const Limits& limits_;
    Intake intake_;
    std::map<std::string, std::map<std::string, std::string>> found_;  // parent -> files
    std::size_t entries_ = 0;
    std::uint64_t total_ = 0;
};

void take_archive(const fs::path& file, Collector& c) {
    archive* a = archive_read_new();
    archive_read_support_filter_all(a);
    archive_read_support_format_tar(a);  // ustar, pax and GNU tar
    archive_read_support_format_zip(a);
    if (archive_read_open_filename(a, file.c_str(), 1 << 16) != ARCHIVE_OK) {
        c.refuse(std::string("the archive does not open: ") + archive_error_string(a));
        archive_read_free(a);
        return;
    }
    archive_entry* e = nullptr;
    int r;
    bool ok = true;
    while (ok && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        const char* raw = archive_entry_pathname(e);
        const std::string path = raw ? raw : "";
        const auto type = archive_entry_filetype(e);
        if (!c.count(archive_entry_size_is_set(e) ? archive_entry_size(e) : 0)) break;
        if (escapes(path)) {
            ok = c.refuse("a path escapes the submission: " + path);
        } else if (const char* target = archive_entry_hardlink(e)) {
            if (escapes(target)) ok = c.refuse("a hard link escapes: " + path + " -> " + target);
        } else if (type == AE_IFLNK) {
            const char* target = archive_entry_symlink(e);
            if (!link_stays_inside(path, target ? target : ""))
                ok = c.refuse("a symbolic link escapes: " + path + " -> " + (target ? target : ""));
        } else if (type == AE_IFREG) {
            const std::string key = c.key(path);
            if (key.empty()) continue;  // libarchive skips the unread data itself
            std::string bytes;
            char buf[1 << 14];
            la_ssize_t n;
            while ((n = archive_read_data(a, buf, sizeof buf)) > 0) {
                bytes.append(buf, static_cast<std::size_t>(n));
                if (bytes.size() > c.max_taken_file()) break;  // take() refuses it
            }
            if (n < 0)
                ok = c.refuse(std::string("the archive is damaged: ") + archive_error_string(a));
            if (ok) ok = c.take(key, path, std::move(bytes));
        } else if (type != AE_IFDIR) {
            ok = c.refuse("not a regular file, directory or link: " + path);
        }
    }
    if (ok && r != ARCHIVE_EOF && r != ARCHIVE_OK)
        c.refuse(std::string("the archive is damaged: ") + archive_error_string(a));
    archive_read_free(a);
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void take_directory(const fs::path& root, Collector& c) {
    std::error_code ec;
    for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path& p = it->path();
        const std::string path = p.lexically_relative(root).string();
        const auto st = fs::symlink_status(p);
        const bool regular = fs::is_regular_file(st);
        if (!c.count(regular ? fs::file_size(p) : 0)) return;
        if (fs::is_symlink(st)) {
            if (!link_stays_inside(path, fs::read_symlink(p).string()))
                c.refuse("a symbolic link escapes: " + path + " -> " +
                         fs::read_symlink(p).string());
        } else if (regular) {
            const std::string key = c.key(path);
            if (!key.empty() && !c.take(key, path, slurp(p))) return;
        } else if (!fs::is_directory(st)) {
            c.refuse("not a regular file, directory or link: " + path);
        }
    }
    if (ec) c.refuse("cannot read it: " + ec.message());
}

}  // namespace

bool is_archive(const fs::path& entry) {
    for (const auto& suffix : kArchiveSuffixes)
        if (ends_with(entry.filename().string(), suffix)) return true;
    return false;
}

std::string student_name(const fs::path& entry) {
    std::string name = entry.filename().string();
    for (const auto& suffix : kArchiveSuffixes)
        if (ends_with(name, suffix) && name.size() > suffix.size())
            return name.substr(0, name.size() - suffix.size());
    return name;
}

Intake take_submission(const fs::path& entry, const std::set<std::string>& labs,
                       const Limits& limits) {
    Collector c(labs, limits);
    const auto st = fs::symlink_status(entry);
    if (fs::is_symlink(st))
        c.refuse("it is a symbolic link, not a directory or an archive");
    else if (fs::is_directory(st))
        take_directory(entry, c);
    else if (fs::is_regular_file(st) && is_archive(entry))
        take_archive(entry, c);
    else
        c.refuse("not a directory or an archive (.tar.gz, .tgz, .tar.xz, .tar.bz2, .tar, .zip)");
    return c.finish();
}

void stage(const Intake& intake, const fs::path& dir) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const auto& [key, bytes] : intake.files) {
        const fs::path file = dir / key;
        fs::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << bytes;
    }
}

std::string hash_files(const std::map<std::string, std::string>& files, std::uint64_t seed) {
    std::uint64_t h = 0xcbf29ce484222325ULL ^ seed;
    auto mix = [&h](const std::string& bytes) {
        for (unsigned char c : bytes)
            h = (h ^ c) * 0x100000001b3ULL;
        h = (h ^ 0xff) * 0x100000001b3ULL;  // a separator, so "ab"+"c" differs from "a"+"bc"
    };
    for (const auto& [key, bytes] : files) {
        mix(key);
        mix(bytes);
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return hex;
}

}  // namespace batch
