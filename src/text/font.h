// One font file opened for shaping (HarfBuzz, in font units) and rasterizing (FreeType), with its metrics.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

typedef struct FT_LibraryRec_* FT_Library;
typedef struct FT_FaceRec_* FT_Face;
typedef struct hb_font_t hb_font_t;

namespace fl::text {

// What a font is in the fallback chain for; decides how its glyphs sit on a vertical column's stem.
enum class FontRole : uint8_t { Mongolian, Han, Latin };

class Font {
public:
    static Result<std::unique_ptr<Font>> open(FT_Library library, const std::string& path);
    ~Font();
    Font(const Font&) = delete;
    Font& operator=(const Font&) = delete;

    const std::string& path() const { return path_; }
    const std::string& file_name() const { return file_name_; }
    FontRole role() const { return role_; }
    void set_role(FontRole role) { role_ = role; }

    hb_font_t* hb_font() const { return hb_font_; }  // scaled to units per em: positions come out in font units
    FT_Face ft_face() const { return ft_face_; }

    bool covers(char32_t cp) const;
    std::string glyph_name(uint32_t glyph_id) const;

    // Metrics in em (1.0 = font size); descender is positive downwards.
    float ascender() const { return ascender_; }
    float descender() const { return descender_; }
    float cap_height() const { return cap_height_; }
    int units_per_em() const { return units_per_em_; }

private:
    Font() = default;

    std::string path_;
    std::string file_name_;
    std::string bytes_;  // the file, shared by FreeType and HarfBuzz for the font's lifetime
    FT_Face ft_face_ = nullptr;
    hb_font_t* hb_font_ = nullptr;
    FontRole role_ = FontRole::Latin;
    int units_per_em_ = 1000;
    float ascender_ = 0.8f;
    float descender_ = 0.2f;
    float cap_height_ = 0.7f;
};

// The fallback chain: fonts in the order a run tries them.
class FontSet {
public:
    // Reads manifest.txt in `directory` (file, role, description per line) and opens the fonts it lists.
    static Result<std::shared_ptr<FontSet>> from_manifest(const std::string& directory);
    // Opens the given files in order; roles are inferred from what each font covers.
    static Result<std::shared_ptr<FontSet>> from_files(const std::vector<std::string>& paths);

    ~FontSet();
    FontSet(const FontSet&) = delete;
    FontSet& operator=(const FontSet&) = delete;

    size_t size() const { return fonts_.size(); }
    const Font& at(size_t index) const { return *fonts_[index]; }
    uint64_t id() const { return id_; }  // distinct per set, for cache keys

private:
    FontSet();
    Result<void> add(const std::string& path);

    FT_Library library_ = nullptr;
    std::vector<std::unique_ptr<Font>> fonts_;
    uint64_t id_ = 0;
};

// The directory with the shipped fonts: $FL_FONT_DIR, else the one the build was configured with.
std::string default_font_directory();

}  // namespace fl::text
