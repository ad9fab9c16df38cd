// Catalogue model: the bilingual programme catalogue (categories, featured list, items), loaded from JSON and checked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace fl::feed {

// The one format this parser reads (the "format" member of the document).
inline constexpr std::string_view kCatalogFormat = "family-lawyer-feed/1";

// Catalogue files larger than this are refused before parsing.
inline constexpr std::size_t kMaxCatalogBytes = std::size_t{2} * 1024 * 1024;

// A text in both languages: "mn-Mong" (traditional Mongolian script) and "zh-Hans"; both always present.
struct LocalizedText {
    std::string mn;
    std::string zh;
};

// Where a file of the feed is: a resolved reference (see Item), its sha256 (64 lower-case hex digits) and size in
// bytes. sha256 and bytes are always present for absolute URLs; for files bundled next to a local catalogue they
// may be absent ("" and 0).
struct FileRef {
    std::string location;
    std::string sha256;
    int64_t bytes = 0;
};

// A subtitle track (WebVTT); lang is "mn-Mong" or "zh-Hans".
struct Caption {
    std::string lang;
    std::string path;  // resolved reference, see Item
    std::string sha256;
    int64_t bytes = 0;
};

// One programme. References ("url" in the document) are resolved against the feed's base: for a catalogue in a
// local directory, relative references become paths inside that directory; for a feed fetched from a URL, relative
// references become absolute https URLs next to the feed. Absolute references stay as they are (https, allowed
// hosts only). So thumbnail_path, media_path and captions[].path are local files for the bundled demo and URLs for
// a remote feed (whose files the box caches or downloads by item id).
struct Item {
    std::string id, type;
    LocalizedText title, summary;
    std::vector<std::string> tags;  // ids, free for grouping
    int duration_s = 0;
    std::string valid_from, valid_until;  // UTC "YYYY-MM-DDTHH:MM:SSZ", "" when absent (always valid)
    std::string thumbnail_path;
    int thumbnail_w = 0, thumbnail_h = 0;
    std::string thumbnail_sha256;
    int64_t thumbnail_bytes = 0;
    std::string stream_hls;  // HLS master playlist, "" when the item has only a download
    FileRef download;        // MP4 for offline viewing; location "" when the item has only a stream
    int download_height = 0;
    // What to play: the download when it is a local file, else the HLS stream, else the download URL.
    std::string media_path;
    std::vector<Caption> captions;

    // True when the item is inside its validity window at the given UTC time ("YYYY-MM-DDTHH:MM:SSZ").
    bool valid_at(std::string_view utc_time) const;
};

// A row of programmes; every id in item_ids names an item of the same catalogue, and there is at least one.
struct Category {
    std::string id;
    LocalizedText title;
    std::vector<std::string> item_ids;
};

struct Catalog {
    int64_t sequence = 0;
    std::string published, expires;  // UTC, "YYYY-MM-DDTHH:MM:SSZ"
    LocalizedText publisher;
    std::vector<Category> categories;
    std::vector<std::string> featured;  // item ids
    std::vector<Item> items;

    // nullptr when there is no item or category with that id.
    const Item* find_item(std::string_view id) const;
    const Category* find_category(std::string_view id) const;

    // What a viewer may see at utc_time ("YYYY-MM-DDTHH:MM:SSZ"): items outside their validity window are left out
    // of items, categories and featured, and a category left with no item is dropped. A box whose clock is before
    // the catalogue's publication time (a wrong clock) gets everything, so a bad clock never empties the screen.
    Catalog visible_at(std::string_view utc_time) const;

    std::string base_dir;  // what references were resolved against: the catalogue's directory or the feed's URL
};

// True when id matches ^[a-z0-9][a-z0-9-]{0,63}$ (ids become file names, so nothing else is allowed).
bool is_valid_id(std::string_view id);

// Reads and checks the catalogue file at path; its paths are resolved against the file's directory.
Result<Catalog> load_catalog(const std::string& path);

// Checks a catalogue document with the strict validator (feed/feed_validator.h) and returns the first error (with
// file:line:column, JSON pointer, English / Chinese) or the catalogue. References resolve against base_dir; a local
// catalogue (not fetched, so not signed) may name https URLs on any host.
Result<Catalog> parse_catalog(std::string_view json, std::string_view source_name, std::string base_dir);

}  // namespace fl::feed
