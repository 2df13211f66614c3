// The std::regex side of the extractor differential tests: runs envoy-gloo's three extractor modes with C++
// std::regex (libc++, ECMAScript, std::regex::optimize) so the Swift tests can compare GatewayTransform's Extractor
// with the real thing. envoy-gloo's release binaries are built with clang and libc++, so this file must be too:
//   clang++ -std=c++17 -O2 -stdlib=libc++ std_regex_peer.cpp
//
// Protocol: stdin holds request lines, stdout gets one answer line per request. Every string is hex-encoded ("-"
// for the empty string) so patterns and inputs may hold any byte.
//   P <pattern>                 compile; answers "C <mark_count>" or "X <what()>"
//   E <group> <input>           EXTRACT with the last compiled pattern; answers "O <output>"
//   S <group> <text> <input>    SINGLE_REPLACE
//   R <format> <input>          REPLACE_ALL
//   M <input>                   regex_match and regex_search spans, for failure reports; answers
//                               "O <match spans>|<search spans>" with spans "start,end" or "-" per group
// A request with no compiled pattern, or one std::regex throws on while matching (libc++ gives up with
// error_complexity after 4096 steps per byte of input left), answers "F <reason>".
//
// std::regex backtracks, and some short patterns take exponential time. Each pattern and its requests therefore
// run in a child process; if it has not answered within a second it is killed and every line of that block
// answers "F <reason>" (the compile line included), so one pathological pattern cannot stall the whole run.

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#ifndef _LIBCPP_VERSION
#error "the std::regex peer must be built with libc++ (clang++ -stdlib=libc++), the library envoy-gloo uses"
#endif

namespace {

std::string hex(const std::string& bytes) {
    if (bytes.empty()) return "-";
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string unhex(const std::string& text) {
    if (text == "-") return "";
    std::string out;
    for (size_t i = 0; i + 1 < text.size(); i += 2) {
        out += static_cast<char>(std::stoi(text.substr(i, 2), nullptr, 16));
    }
    return out;
}

// envoy-gloo's Extractor::extractValue, which matches an absl::string_view through its `const char*` iterators.
std::string extract(const std::regex& re, unsigned group, std::string_view value) {
    std::cmatch m;
    if (std::regex_match(value.data(), value.data() + value.size(), m, re) && group < m.size()) return m[group].str();
    return "";
}

// envoy-gloo's Extractor::replaceIndividualValue, on the same iterators.
std::string replaceSingle(const std::regex& re, unsigned group, const std::string& text, std::string_view value) {
    const char* begin = value.data();
    const char* end = value.data() + value.size();
    std::cmatch m;
    if (!std::regex_search(begin, end, m, re)) return std::string(value);
    if (group >= m.size()) return std::string(value);
    if (m[0].length() != static_cast<long>(value.length())) return std::string(value);
    std::string replaced(begin, m[group].first);
    replaced += text;
    replaced.append(m[group].second, end);
    return replaced;
}

// envoy-gloo's Extractor::replaceAllValues: std::string input and replacement text.
std::string replaceAll(const std::regex& re, const std::string& format, const std::string& value) {
    return std::regex_replace(value, re, format, std::regex_constants::match_not_null);
}

std::string spans(const std::smatch& m, const std::string& value) {
    std::string out;
    for (size_t i = 0; i < m.size(); i++) {
        if (i > 0) out += ";";
        if (m[i].matched) {
            out += std::to_string(m[i].first - value.cbegin()) + "," + std::to_string(m[i].second - value.cbegin());
        } else {
            out += "-";
        }
    }
    return out;
}

// Answers one block: a "P" line and the requests after it.
std::string answerBlock(const std::vector<std::string>& block) {
    std::unique_ptr<std::regex> regex;
    std::string out;
    for (const std::string& line : block) {
        std::istringstream fields(line);
        std::string op;
        fields >> op;
        if (op == "P") {
            std::string pattern;
            fields >> pattern;
            try {
                regex = std::make_unique<std::regex>(unhex(pattern), std::regex::optimize);
                out += "C " + std::to_string(regex->mark_count()) + "\n";
            } catch (const std::regex_error& e) {
                regex.reset();
                out += "X " + hex(e.what()) + "\n";
            }
            continue;
        }
        if (!regex) {
            out += "F " + hex("no pattern") + "\n";
            continue;
        }
        try {
            if (op == "E") {
                unsigned group;
                std::string input;
                fields >> group >> input;
                out += "O " + hex(extract(*regex, group, unhex(input))) + "\n";
            } else if (op == "S") {
                unsigned group;
                std::string text, input;
                fields >> group >> text >> input;
                out += "O " + hex(replaceSingle(*regex, group, unhex(text), unhex(input))) + "\n";
            } else if (op == "R") {
                std::string format, input;
                fields >> format >> input;
                out += "O " + hex(replaceAll(*regex, unhex(format), unhex(input))) + "\n";
            } else if (op == "M") {
                std::string input;
                fields >> input;
                std::string value = unhex(input);
                std::smatch m;
                std::string answer = std::regex_match(value, m, *regex) ? spans(m, value) : "none";
                answer += "|";
                answer += std::regex_search(value, m, *regex) ? spans(m, value) : "none";
                out += "O " + hex(answer) + "\n";
            } else {
                out += "F " + hex("unknown request " + op) + "\n";
            }
        } catch (const std::exception& e) {
            out += "F " + hex(e.what()) + "\n";
        }
    }
    return out;
}

// Answers a block in a child process, or with "F" lines if the child takes too long or dies.
std::string answerIsolated(const std::vector<std::string>& block) {
    std::string failure;
    for (size_t i = 0; i < block.size(); i++) failure += "F " + hex("std::regex timed out or crashed") + "\n";
    int fds[2];
    if (pipe(fds) != 0) return failure;
    pid_t child = fork();
    if (child < 0) {
        close(fds[0]);
        close(fds[1]);
        return failure;
    }
    if (child == 0) {
        close(fds[0]);
        std::string out = answerBlock(block);
        size_t written = 0;
        while (written < out.size()) {
            ssize_t n = write(fds[1], out.data() + written, out.size() - written);
            if (n <= 0) _exit(1);
            written += static_cast<size_t>(n);
        }
        _exit(0);
    }
    close(fds[1]);
    std::string out;
    bool timedOut = false;
    char buffer[65536];
    while (true) {
        pollfd descriptor{fds[0], POLLIN, 0};
        int ready = poll(&descriptor, 1, 1000);
        if (ready <= 0) {
            timedOut = true;
            break;
        }
        ssize_t n = read(fds[0], buffer, sizeof buffer);
        if (n <= 0) break;
        out.append(buffer, static_cast<size_t>(n));
    }
    close(fds[0]);
    if (timedOut) kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    if (timedOut || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return failure;
    return out;
}

}  // namespace

int main() {
    std::ios::sync_with_stdio(false);
    std::vector<std::vector<std::string>> blocks;
    std::string line;
    while (std::getline(std::cin, line)) {
        if (line.rfind("P ", 0) == 0 || blocks.empty()) blocks.emplace_back();
        blocks.back().push_back(line);
    }
    std::string out;
    const pid_t parent = getppid();
    for (const auto& block : blocks) {
        // Stop if the test process that started the peer is gone: nobody will read the answers.
        if (getppid() != parent) return 1;
        out += answerIsolated(block);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
}
