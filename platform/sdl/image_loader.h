// Decodes image files on a worker thread with size caps; the main thread collects results and makes textures.
#pragma once

#include <SDL.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace fl::sdl {

struct DecodedImage {
    std::string path;
    std::shared_ptr<SDL_Surface> surface;  // null when the file could not be used
    std::string problem;                   // why, in English, for the log
};

class ImageLoader {
public:
    // wake is called from the worker after each image (it must be thread-safe: e.g. SDL_PushEvent).
    explicit ImageLoader(std::function<void()> wake, int max_dimension = 4096, size_t max_file_bytes = 16u << 20);
    ~ImageLoader();
    ImageLoader(const ImageLoader&) = delete;
    ImageLoader& operator=(const ImageLoader&) = delete;

    void request(const std::string& path);
    std::vector<DecodedImage> take_finished();
    bool busy() const;  // requests not yet finished

private:
    void run();
    DecodedImage decode(const std::string& path) const;

    std::function<void()> wake_;
    int max_dimension_;
    size_t max_file_bytes_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::string> queue_;
    std::vector<DecodedImage> finished_;
    size_t in_flight_ = 0;
    bool stopping_ = false;
    std::thread worker_;
};

}  // namespace fl::sdl
