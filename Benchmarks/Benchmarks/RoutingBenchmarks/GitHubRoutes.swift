import Foundation

/// The GitHub API route set shared by the router benchmarks: `shared/data/github-api-routes.txt`, 203 lines of
/// `METHOD /path` where a `:name` segment is a path parameter.
///
/// The file is found through the `GITHUB_ROUTES` environment variable when it is set; otherwise the current
/// directory and the directory of this source file are walked up, and in each directory on the way
/// `shared/data/github-api-routes.txt` is tried (which also covers a `shared/` directory beside the checkout).
enum GitHubRoutes {
    static let fileName = "github-api-routes.txt"
    static let environmentVariable = "GITHUB_ROUTES"

    /// The routes in file order. Stops the process with a message when the file cannot be found or read.
    static func load() -> [(method: String, path: String)] {
        guard let url = locate() else {
            fatalError(
                """
                GitHubRoutes: \(fileName) not found. Set \(environmentVariable) to its path, or run from a \
                directory below the one holding shared/data/ (searched upward from \
                \(FileManager.default.currentDirectoryPath) and \(sourceDirectory.path)).
                """
            )
        }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            fatalError("GitHubRoutes: cannot read \(url.path): \(error)")
        }
        var routes: [(method: String, path: String)] = []
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                continue
            }
            let fields = trimmed.split(whereSeparator: \.isWhitespace)
            guard fields.count == 2, fields[1].hasPrefix("/") else {
                fatalError("GitHubRoutes: \(url.path):\(number + 1): expected `METHOD /path`, got `\(trimmed)`")
            }
            routes.append((method: String(fields[0]), path: String(fields[1])))
        }
        return routes
    }

    /// The file named by `GITHUB_ROUTES`, or the first `shared/data/github-api-routes.txt` found upward from the
    /// current directory or from this source file's directory.
    static func locate() -> URL? {
        if let override = ProcessInfo.processInfo.environment[environmentVariable], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        let currentDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        for start in [currentDirectory, sourceDirectory] {
            var directory = start.standardizedFileURL
            while true {
                let candidate = directory.appendingPathComponent("shared/data/\(fileName)")
                if FileManager.default.isReadableFile(atPath: candidate.path) {
                    return candidate
                }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path {
                    break
                }
                directory = parent
            }
        }
        return nil
    }

    private static var sourceDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    }

    /// `/repos/:owner/:repo` → `/repos/{owner}/{repo}` (URI template form).
    static func templatePath(_ path: String) -> String {
        mapSegments(path) { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }
    }

    /// `/repos/:owner/:repo` → `/repos/[^/]+/[^/]+` (regular-expression form, unanchored). Regular-expression
    /// metacharacters in the constant segments are escaped with a backslash.
    static func regexPath(_ path: String) -> String {
        mapSegments(path) { segment in
            segment.hasPrefix(":") ? "[^/]+" : escapeRegex(segment)
        }
    }

    /// `/repos/:owner/:repo` → `/repos/octocat/hello-world`: every parameter is replaced by a concrete value typical
    /// for it (a parameter without a known value gets its own name).
    static func requestPath(_ path: String) -> String {
        mapSegments(path) { segment in
            guard segment.hasPrefix(":") else {
                return String(segment)
            }
            let name = String(segment.dropFirst())
            return sampleValues[name] ?? name
        }
    }

    /// Concrete values for the parameter names used by the route set.
    static let sampleValues: [String: String] = [
        "access_token": "ghu_16C7e42F292c6912E7710c838347Ae178B4a",
        "assignee": "hubot",
        "branch": "main",
        "client_id": "Iv1-8a61f9b3a7aba766",
        "email": "octocat@github.com",
        "id": "12345",
        "keyword": "router",
        "name": "bug",
        "number": "1347",
        "org": "github",
        "owner": "octocat",
        "ref": "main",
        "repo": "hello-world",
        "repository": "hello-world",
        "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e",
        "state": "open",
        "target_user": "hubot",
        "user": "octocat",
    ]

    private static func mapSegments(_ path: String, _ transform: (Substring) -> String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map(transform).joined(separator: "/")
    }

    private static func escapeRegex(_ text: Substring) -> String {
        var escaped = ""
        for character in text {
            if #"\.^$|?*+()[]{}"#.contains(character) {
                escaped.append("\\")
            }
            escaped.append(character)
        }
        return escaped
    }
}
