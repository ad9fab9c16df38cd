// Subtitle tracks: WebVTT and SRT parsing into plain-text cues (capped against hostile files), cue lookup by time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace fl::media {

// Limits on what a subtitle file may hold; a larger file is refused, a longer cue text is cut.
inline constexpr size_t kMaxSubtitleFileBytes = size_t{4} << 20;  // 4 MiB
inline constexpr size_t kMaxCues = 20000;                         // more cues: the file is refused
inline constexpr size_t kMaxCueTextBytes = 1000;                  // per cue, cut on a UTF-8 boundary
inline constexpr double kMaxSubtitleTimeS = 100.0 * 3600.0;       // times must be below 100 hours
inline constexpr size_t kMaxRecordedProblems = 100;               // messages kept in SubtitleTrack::problems

struct Cue {
    double start_s = 0;
    double end_s = 0;  // the cue shows while start_s <= t < end_s
    // UTF-8 (invalid bytes replaced with U+FFFD), markup tags removed, entities decoded, lines joined with '\n'.
    std::string text;
};

struct SubtitleTrack {
    std::string language;   // e.g. mn-Mong or zh-Hans (set by the caller)
    std::vector<Cue> cues;  // sorted by start time (file order among equal starts)

    // What the parser had to repair or leave out; a player shows the rest, a publishing check shows these.
    size_t skipped_cues = 0;            // broken cues left out (bad timing line, bad timestamp, end before start)
    size_t truncated_cues = 0;          // cue texts cut to kMaxCueTextBytes
    size_t invalid_utf8_sequences = 0;  // ill-formed byte sequences replaced with U+FFFD
    size_t private_use_characters = 0;  // U+E000-F8FF (and planes 15-16) in the cue texts: Menksoft/Delehi shape
                                        // codes, kept as they are so the UI can warn
    std::vector<std::string> problems;  // "source:line: message", the first kMaxRecordedProblems of them

    // The cues showing at time t, in start order; overlapping cues are all returned. Binary search over the
    // index that index() builds (the parsers call it); call it again after changing `cues` by hand.
    std::vector<const Cue*> active_at(double t) const;

    // Sorts the cues by start time (stable) and rebuilds the lookup index.
    void index();

private:
    std::vector<double> latest_end_;  // latest_end_[i]: the largest end_s among cues[0..i]
};

// One cue text from elsewhere (a subtitle track inside a video) made like a parsed one: invalid UTF-8 replaced,
// markup removed (<b>, <ruby><rt>, {\an8}), entities decoded, cut to kMaxCueTextBytes on a character boundary.
std::string plain_cue_text(std::string_view text);

// Text is the whole file; source_name (e.g. "zh.vtt") starts every message.
// A broken header (WebVTT), a file above 4 MiB or more than 20,000 cues is an error; a broken cue is skipped,
// counted in skipped_cues and described in problems.
Result<SubtitleTrack> parse_webvtt(std::string_view text, std::string_view source_name);
Result<SubtitleTrack> parse_srt(std::string_view text, std::string_view source_name);

// Reads a file and parses it by its content: a "WEBVTT" first line means WebVTT, anything else SRT; except that a
// file named *.vtt without that line is reported as a WebVTT file with a broken header, not read as SRT.
Result<SubtitleTrack> load_subtitles(const std::string& path);

}  // namespace fl::media
