// Image decoding off the main thread: checks file size and PNG dimensions before decoding (no decompression bombs).
#include "platform/sdl/image_loader.h"

#include <SDL_image.h>

#include <fstream>

namespace fl::sdl {
namespace {

// Width and height from a PNG's IHDR, without decoding; 0,0 when the file is not a PNG.
std::pair<uint32_t, uint32_t> png_dimensions(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    unsigned char header[24] = {};
    if (!in.read(reinterpret_cast<char*>(header), sizeof header)) return {0, 0};
    if (header[1] != 'P' || header[2] != 'N' || header[3] != 'G') return {0, 0};
    auto be32 = [&](int at) {
        return (uint32_t{header[at]} << 24) | (uint32_t{header[at + 1]} << 16) | (uint32_t{header[at + 2]} << 8) |
               uint32_t{header[at + 3]};
    };
    return {be32(16), be32(20)};
}

}  // namespace

ImageLoader::ImageLoader(std::function<void()> wake, int max_dimension, size_t max_file_bytes)
    : wake_(std::move(wake)), max_dimension_(max_dimension), max_file_bytes_(max_file_bytes), worker_([this] { run(); }) {}

ImageLoader::~ImageLoader() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    worker_.join();
}

void ImageLoader::request(const std::string& path) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(path);
        ++in_flight_;
    }
    cv_.notify_one();
}

std::vector<DecodedImage> ImageLoader::take_finished() {
    std::lock_guard lock(mutex_);
    std::vector<DecodedImage> done;
    done.swap(finished_);
    in_flight_ -= done.size();
    return done;
}

bool ImageLoader::busy() const {
    std::lock_guard lock(mutex_);
    return in_flight_ > 0;
}

DecodedImage ImageLoader::decode(const std::string& path) const {
    DecodedImage result{path, nullptr, {}};
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) {
        result.problem = "cannot open image " + path;
        return result;
    }
    const auto bytes = static_cast<size_t>(in.tellg());
    if (bytes == 0 || bytes > max_file_bytes_) {
        result.problem = "image " + path + " has " + std::to_string(bytes) + " bytes (allowed 1 to " +
                         std::to_string(max_file_bytes_) + ")";
        return result;
    }
    const auto [width, height] = png_dimensions(path);
    const auto cap = static_cast<uint32_t>(max_dimension_);
    if (width > cap || height > cap) {
        result.problem = "image " + path + " is " + std::to_string(width) + "x" + std::to_string(height) +
                         ", larger than " + std::to_string(cap) + "x" + std::to_string(cap);
        return result;
    }
    SDL_Surface* loaded = IMG_Load(path.c_str());
    if (loaded == nullptr) {
        result.problem = "cannot decode image " + path + ": " + IMG_GetError();
        return result;
    }
    if (loaded->w > max_dimension_ || loaded->h > max_dimension_) {
        SDL_FreeSurface(loaded);
        result.problem = "image " + path + " is larger than allowed";
        return result;
    }
    SDL_Surface* converted = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(loaded);
    if (converted == nullptr) {
        result.problem = "cannot convert image " + path;
        return result;
    }
    result.surface = std::shared_ptr<SDL_Surface>(converted, SDL_FreeSurface);
    return result;
}

void ImageLoader::run() {
    for (;;) {
        std::string path;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            path = std::move(queue_.front());
            queue_.pop_front();
        }
        DecodedImage image = decode(path);
        {
            std::lock_guard lock(mutex_);
            finished_.push_back(std::move(image));
        }
        wake_();
    }
}

}  // namespace fl::sdl
