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

// A subtitle track; lang is "mn-Mong" or "zh-Hans", path is resolved against the catalogue's directory.
struct Caption {
    std::string lang;
    std::string path;
};

// One programme. Paths are resolved (base_dir + "/" + the path in the document) and stay inside base_dir.
struct Item {
    std::string id, type;
    LocalizedText title, summary;
    int duration_s = 0;
    std::string thumbnail_path;
    int thumbnail_w = 0, thumbnail_h = 0;
    std::string media_path;
    std::vector<Caption> captions;
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

    std::string base_dir;  // the directory the item paths were resolved against
};

// True when id matches ^[a-z0-9][a-z0-9-]{0,63}$ (ids become file names, so nothing else is allowed).
bool is_valid_id(std::string_view id);

// Reads and checks the catalogue file at path; its paths are resolved against the file's directory.
Result<Catalog> load_catalog(const std::string& path);

// Checks a catalogue document. Errors name source_name and a JSON pointer, e.g.
// "catalog.json: /items/3/title/mn-Mong: missing". Paths are resolved against base_dir.
Result<Catalog> parse_catalog(std::string_view json, std::string_view source_name, std::string base_dir);

}  // namespace fl::feed
