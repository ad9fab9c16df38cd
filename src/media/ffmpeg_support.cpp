// FFmpeg plumbing: error text and classification, the interrupt deadline, FFmpeg log lines routed to fl::log.
#include "media/ffmpeg_support.h"

#include <cerrno>
#include <cmath>
#include <cstdarg>
#include <mutex>

#include "core/clock.h"
#include "core/log.h"

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
}

namespace fl::media {
namespace {

bool is_network_error(int av_error) {
    switch (av_error) {
        case AVERROR(ECONNREFUSED):
        case AVERROR(ECONNRESET):
        case AVERROR(ECONNABORTED):
        case AVERROR(ETIMEDOUT):
        case AVERROR(EHOSTUNREACH):
        case AVERROR(ENETUNREACH):
        case AVERROR(ENETDOWN):
        case AVERROR(EPIPE):
        case AVERROR(EIO):
        case AVERROR_HTTP_BAD_REQUEST:
        case AVERROR_HTTP_UNAUTHORIZED:
        case AVERROR_HTTP_FORBIDDEN:
        case AVERROR_HTTP_OTHER_4XX:
        case AVERROR_HTTP_SERVER_ERROR:
            return true;
        default:
            return false;
    }
}

constexpr int kMaxFfmpegLogLinesPerSecond = 5;

void forward_ffmpeg_log(void* context, int level, const char* format, va_list arguments) {
    if (level > AV_LOG_ERROR) return;
    static std::mutex rate_mutex;
    static uint64_t second_started_ms = 0;
    static int lines_this_second = 0;
    {
        std::lock_guard lock(rate_mutex);
        const uint64_t now = monotonic_ms();
        if (now - second_started_ms >= 1000) {
            second_started_ms = now;
            lines_this_second = 0;
        }
        if (++lines_this_second > kMaxFfmpegLogLinesPerSecond) return;
    }
    char line[512];
    int print_prefix = 1;
    va_list copy;
    va_copy(copy, arguments);
    av_log_format_line2(context, level, format, copy, line, sizeof line, &print_prefix);
    va_end(copy);
    std::string_view text(line);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    if (!text.empty()) log::warning("ffmpeg", text);
}

}  // namespace

std::string describe_av_error(int av_error) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    if (av_strerror(av_error, text, sizeof text) < 0) return "FFmpeg error " + std::to_string(av_error);
    return text;
}

std::string_view open_error_code(int av_error, bool timed_out, bool remote) {
    if (timed_out) return "io_timeout";
    if (av_error == AVERROR(ENOENT) || av_error == AVERROR_HTTP_NOT_FOUND) return "not_found";
    if (remote && is_network_error(av_error)) return "network";
    return "open_failed";
}

std::string_view read_error_code(int av_error, bool timed_out, bool remote) {
    if (timed_out) return "io_timeout";
    if (av_error == AVERROR_EOF) return {};
    if (remote && is_network_error(av_error)) return "network";
    return {};
}

bool is_remote_url(std::string_view url) {
    const size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return false;
    return url.substr(0, scheme_end) != "file";
}

double seconds_from_timestamp(int64_t timestamp, AVRational time_base) {
    if (timestamp == AV_NOPTS_VALUE || time_base.den == 0) return std::nan("");
    return static_cast<double>(timestamp) * av_q2d(time_base);
}

AVIOInterruptCB InterruptDeadline::callback() {
    AVIOInterruptCB callback{};
    callback.callback = &InterruptDeadline::poll;
    callback.opaque = this;
    return callback;
}

void InterruptDeadline::arm(int timeout_ms) {
    deadline_ms_ = monotonic_ms() + static_cast<uint64_t>(std::max(timeout_ms, 1));
}

void InterruptDeadline::disarm() {
    deadline_ms_ = 0;
}

int InterruptDeadline::poll(void* self) {
    auto* deadline = static_cast<InterruptDeadline*>(self);
    if (deadline->aborted_) return 1;
    const uint64_t due = deadline->deadline_ms_;
    if (due != 0 && monotonic_ms() >= due) {
        deadline->timed_out_ = true;
        return 1;
    }
    return 0;
}

void route_ffmpeg_log_once() {
    static std::once_flag once;
    std::call_once(once, [] { av_log_set_callback(&forward_ffmpeg_log); });
}

}  // namespace fl::media
