// Catalogue model: lookups, validity windows, and loading a local catalogue file through the strict validator.
#include "feed/catalog.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "feed/feed_validator.h"

namespace fl::feed {

bool is_valid_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!lower_or_digit(id.front())) return false;
    for (char c : id) {
        if (!lower_or_digit(c) && c != '-') return false;
    }
    return true;
}

bool Item::valid_at(std::string_view utc_time) const {
    if (!valid_from.empty() && utc_time < valid_from) return false;
    if (!valid_until.empty() && utc_time >= valid_until) return false;
    return true;
}

Catalog Catalog::visible_at(std::string_view utc_time) const {
    if (!published.empty() && utc_time < published) return *this;
    Catalog visible = *this;
    std::erase_if(visible.items, [&](const Item& item) { return !item.valid_at(utc_time); });
    if (visible.items.size() == items.size()) return visible;
    auto hidden = [&](const std::string& id) { return visible.find_item(id) == nullptr; };
    std::erase_if(visible.featured, hidden);
    for (Category& category : visible.categories) std::erase_if(category.item_ids, hidden);
    std::erase_if(visible.categories, [](const Category& category) { return category.item_ids.empty(); });
    return visible;
}

const Item* Catalog::find_item(std::string_view id) const {
    for (const Item& item : items) {
        if (item.id == id) return &item;
    }
    return nullptr;
}

const Category* Catalog::find_category(std::string_view id) const {
    for (const Category& category : categories) {
        if (category.id == id) return &category;
    }
    return nullptr;
}

Result<Catalog> parse_catalog(std::string_view json, std::string_view source_name, std::string base_dir) {
    ValidationOptions options;
    options.source_name = std::string(source_name);
    options.base = std::move(base_dir);
    options.any_https_host = true;
    options.max_problems = 20;
    ValidationReport report = validate_feed(json, options);
    if (report.catalog) return std::move(*report.catalog);
    std::string message = format_problem(report.problems.front());
    if (report.problems.size() > 1) {
        message += " (and " + std::to_string(report.problems.size() - 1) + (report.truncated ? "+" : "") +
                   " more problems; run fl-feed lint)";
    }
    return Error{std::move(message)};
}

Result<Catalog> load_catalog(const std::string& path) {
    // Read at most one byte more than the limit, so a huge file is refused without loading it.
    std::ifstream file(path, std::ios::binary);
    if (!file) return Error{path + ": cannot open: " + std::strerror(errno)};
    std::string text(kMaxCatalogBytes + 1, '\0');
    file.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (file.bad()) return Error{path + ": read failed"};
    text.resize(static_cast<std::size_t>(file.gcount()));
    std::string base_dir = std::filesystem::path(path).parent_path().string();
    if (base_dir.empty()) base_dir = ".";
    return parse_catalog(text, path, std::move(base_dir));
}

}  // namespace fl::feed
