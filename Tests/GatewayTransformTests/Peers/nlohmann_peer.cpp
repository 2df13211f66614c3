// The JSON peer for NlohmannDifferentialTests: nlohmann::json 3.11.2 (envoy-gloo's JSON library) answering
// batched requests on stdin.
//
// Build: g++ -O2 -std=c++17 nlohmann_peer.cpp -o nlohmann_peer
//
// Every request is one operation byte, a 4-byte little-endian length and that many payload bytes:
//   'P'  parse the payload with json::parse(std::string) and dump() the result
//   'S'  dump() a JSON string value holding the payload bytes (not validated on construction)
//   'D'  dump() each 8-byte little-endian IEEE 754 double of the payload; the answers are joined by '\n'
//   'V'  print the library version (payload ignored)
// Every answer is one status byte ('+' success, '!' exception), a 4-byte little-endian length and that many
// bytes: the dump() output, or the exception's what() text.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

bool read_exact(void* buffer, std::size_t count) {
    return std::fread(buffer, 1, count, stdin) == count;
}

std::uint32_t decode_length(const unsigned char* bytes) {
    return std::uint32_t(bytes[0]) | std::uint32_t(bytes[1]) << 8 | std::uint32_t(bytes[2]) << 16 |
           std::uint32_t(bytes[3]) << 24;
}

void answer(char status, const std::string& text) {
    const std::uint32_t length = static_cast<std::uint32_t>(text.size());
    unsigned char header[5] = {
        static_cast<unsigned char>(status),
        static_cast<unsigned char>(length & 0xFF),
        static_cast<unsigned char>((length >> 8) & 0xFF),
        static_cast<unsigned char>((length >> 16) & 0xFF),
        static_cast<unsigned char>((length >> 24) & 0xFF),
    };
    std::fwrite(header, 1, sizeof header, stdout);
    std::fwrite(text.data(), 1, text.size(), stdout);
}

std::string dump_doubles(const std::string& payload) {
    std::string joined;
    for (std::size_t offset = 0; offset + 8 <= payload.size(); offset += 8) {
        std::uint64_t bits = 0;
        for (int byte = 7; byte >= 0; --byte) {
            bits = bits << 8 | static_cast<unsigned char>(payload[offset + byte]);
        }
        double value = 0;
        std::memcpy(&value, &bits, sizeof value);
        if (offset > 0) {
            joined += '\n';
        }
        joined += nlohmann::json(value).dump();
    }
    return joined;
}

}  // namespace

int main() {
    unsigned char header[5];
    std::string payload;
    while (read_exact(header, sizeof header)) {
        const char operation = static_cast<char>(header[0]);
        payload.resize(decode_length(header + 1));
        if (!payload.empty() && !read_exact(&payload[0], payload.size())) {
            std::fprintf(stderr, "nlohmann_peer: truncated request\n");
            return 2;
        }
        try {
            switch (operation) {
            case 'P':
                answer('+', nlohmann::json::parse(payload).dump());
                break;
            case 'S':
                answer('+', nlohmann::json(payload).dump());
                break;
            case 'D':
                answer('+', dump_doubles(payload));
                break;
            case 'V':
                answer('+', std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
                                std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
                                std::to_string(NLOHMANN_JSON_VERSION_PATCH));
                break;
            default:
                std::fprintf(stderr, "nlohmann_peer: unknown operation 0x%02X\n", header[0] & 0xFF);
                return 2;
            }
        } catch (const nlohmann::json::exception& error) {
            answer('!', error.what());
        }
    }
    std::fflush(stdout);
    return 0;
}
