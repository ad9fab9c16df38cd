// Download of one file with POSIX calls: statvfs, posix_fallocate, pwrite at the resource offset, fdatasync, rename.
#include "feed/download_task.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "feed/sha256.h"

namespace fl::feed {
namespace {

std::string directory_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

DownloadResult failed(DownloadResult::Kind kind, std::string error, int64_t received) {
    return {kind, std::move(error), received};
}

// Frees the descriptor when it goes.
struct FileDescriptor {
    int fd = -1;
    ~FileDescriptor() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

DownloadResult download_file(net::HttpClient& client, const DownloadSpec& spec, int64_t resume_from,
                             const std::atomic<bool>* cancel, const DownloadHooks& hooks, int64_t sync_every,
                             int low_speed_time_s) {
    using Kind = DownloadResult::Kind;
    const std::string part = spec.final_path + ".part";
    if (spec.bytes <= 0 || spec.sha256.size() != 64) {
        return failed(Kind::Failed, "the feed gives no size or sha256 for " + spec.url, 0);
    }
    FileDescriptor file{::open(part.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)};
    if (file.fd < 0) return failed(Kind::Failed, "cannot create " + part + ": " + std::strerror(errno), 0);
    struct stat info {};
    ::fstat(file.fd, &info);
    if (resume_from < 0 || resume_from > spec.bytes || resume_from > info.st_size) resume_from = 0;

    // Space: what the file still needs must be free, then all of it is reserved so the disk cannot fill under us.
    const int64_t allocated = static_cast<int64_t>(info.st_blocks) * 512;
    if (allocated < spec.bytes) {
        struct statvfs disk {};
        if (::fstatvfs(file.fd, &disk) == 0) {
            const auto free_bytes = static_cast<int64_t>(disk.f_bavail) * static_cast<int64_t>(disk.f_frsize);
            if (free_bytes < spec.bytes - allocated) {
                return failed(Kind::Failed,
                              "not enough space for " + spec.final_path + ": " + std::to_string(spec.bytes) +
                                  " bytes needed, " + std::to_string(free_bytes) + " free",
                              resume_from);
            }
        }
        if (const int rc = ::posix_fallocate(file.fd, 0, spec.bytes); rc != 0 && rc != EOPNOTSUPP && rc != EINVAL) {
            return failed(Kind::Failed,
                          "cannot reserve " + std::to_string(spec.bytes) + " bytes for " + spec.final_path + ": " +
                              std::strerror(rc),
                          resume_from);
        }
    }

    int64_t received = resume_from;
    int64_t synced = resume_from;
    std::string write_error;
    auto last_progress = std::chrono::steady_clock::now();
    auto sync = [&]() {
        if (::fdatasync(file.fd) != 0) return false;
        synced = received;
        if (hooks.synced) hooks.synced(synced);
        return true;
    };
    net::HttpRequest request;
    request.url = spec.url;
    request.resume_from = static_cast<uint64_t>(resume_from);
    request.max_body_bytes = static_cast<uint64_t>(spec.bytes);
    request.deadline_ms = 0;  // large files on slow links: the low-speed limit and cancel end it instead
    request.low_speed_time_s = low_speed_time_s;
    request.cancel = cancel;
    bool resumed_from_zero = false;
    request.sink = [&](uint64_t offset, std::string_view data) {
        if (offset == 0 && resume_from > 0 && !resumed_from_zero) {
            resumed_from_zero = true;  // the server ignored Range: start over (pwrite overwrites in place)
            received = 0;
        }
        for (size_t done = 0; done < data.size();) {
            const ssize_t n =
                ::pwrite(file.fd, data.data() + done, data.size() - done, static_cast<off_t>(offset + done));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                write_error = "cannot write " + part + ": " + std::strerror(errno);
                return false;
            }
            done += static_cast<size_t>(n);
        }
        received = static_cast<int64_t>(offset + data.size());
        if (received - synced >= sync_every && !sync()) {
            write_error = "cannot sync " + part + ": " + std::strerror(errno);
            return false;
        }
        const auto now = std::chrono::steady_clock::now();
        if (hooks.progress && now - last_progress > std::chrono::milliseconds(250)) {
            last_progress = now;
            hooks.progress(received, spec.bytes);
        }
        return true;
    };
    const bool already_complete = resume_from == spec.bytes;
    if (!already_complete) {
        const auto response = client.fetch(request);
        if (received > synced) sync();
        if (!write_error.empty()) return failed(Kind::Failed, write_error, synced);
        if (response.outcome == net::Outcome::Cancelled) return failed(Kind::Cancelled, "cancelled", synced);
        if (!response.ok()) {
            return failed(response.outcome == net::Outcome::Transient ? Kind::Transient : Kind::Failed, response.error,
                          synced);
        }
        if (response.status != 200 && response.status != 206) {
            return failed(Kind::Failed, "unexpected HTTP " + std::to_string(response.status) + " for " + spec.url,
                          synced);
        }
    }
    if (received != spec.bytes) {
        return failed(Kind::Transient,
                      "got " + std::to_string(received) + " of " + std::to_string(spec.bytes) + " bytes", synced);
    }
    if (hooks.progress) hooks.progress(received, spec.bytes);
    auto hash = sha256_of_file(part);
    if (!hash) return failed(Kind::Failed, hash.error().message, synced);
    if (hash.value() != spec.sha256) {
        ::unlink(part.c_str());
        if (hooks.synced) hooks.synced(0);
        return failed(Kind::Failed, "the downloaded file does not match the feed's sha256; deleted (" + spec.url + ")",
                      0);
    }
    if (::rename(part.c_str(), spec.final_path.c_str()) != 0) {
        return failed(Kind::Failed, "cannot install " + spec.final_path + ": " + std::strerror(errno), synced);
    }
    const int dir = ::open(directory_of(spec.final_path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {Kind::Done, "", spec.bytes};
}

}  // namespace fl::feed
