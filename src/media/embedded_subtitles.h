// Text subtitle tracks inside the programme (mov_text, SubRip, ASS, WebVTT): decoded as their packets are read,
// kept as cues per language for the same overlay as subtitle files.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "media/ffmpeg_support.h"
#include "media/subtitles.h"

namespace fl::media {

// The overlay's language for a stream's language tag: "mn-Mong" for mon/mn/mvf (and mn-*), "zh-Hans" for
// chi/zho/zh/cmn (and zh-*); nullopt for anything else. Case does not matter.
std::optional<std::string> subtitle_language_from_tag(std::string_view tag);

// The text of one decoded ASS event line ("ReadOrder,Layer,Style,Name,MarginL,MarginR,MarginV,Effect,Text"), with
// \N line breaks as '\n', \h as a space and override codes removed (plain_cue_text).
std::string text_of_ass_event(std::string_view event);

class EmbeddedSubtitles {
public:
    // Opens decoders for the first text subtitle stream of each overlay language; the caller keeps the other
    // subtitle streams discarded. Returns the languages found (demux thread, before reading packets).
    std::vector<std::string> open(const AVFormatContext& format);
    bool wants(int stream_index) const;
    // Decodes one packet of a chosen stream into cues; start_offset_s is the programme's start time. A cue seen
    // before (the same stream read again after a seek) is not added twice; past kMaxCues a track takes no more.
    void decode(const AVPacket& packet, const AVStream& stream, double start_offset_s);

    // The cue texts showing at t (programme time) in that language, in start order. Any thread.
    std::vector<std::string> texts_at(std::string_view language, double t) const;

private:
    struct Stream {
        int index = -1;
        std::string language;
        CodecContextPtr decoder;
    };
    struct Track {
        SubtitleTrack cues;
        std::set<std::pair<long long, size_t>> seen;  // (start in ms, hash of the text)
        bool indexed = true;
    };
    void add(const std::string& language, Cue cue);

    std::vector<Stream> streams_;  // demux thread only
    mutable std::mutex mutex_;     // guards tracks_
    mutable std::map<std::string, Track, std::less<>> tracks_;
};

}  // namespace fl::media
