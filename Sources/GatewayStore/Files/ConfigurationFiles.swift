public import GatewayModel

/// Finds and reads the configuration files under a list of paths, the way `gatewayctl` and the gateway read
/// their `PATH...` and `--config` arguments.
///
/// A path that names a file is read as given, whatever its name. A directory is searched recursively for
/// `*.yaml`, `*.yml` and `*.json` (in any letter case), following symbolic links to files and directories, and
/// its files are listed sorted by path, so the order (which decides which of two definitions of a resource
/// wins) never depends on the file system. Below a directory given, these entries are skipped:
/// - hidden names, starting with `.`: a Kubernetes ConfigMap volume holds its files in `..data` and
///   `..2026_…` directories next to the symbolic links that name them, and would otherwise load every file
///   twice;
/// - editor temporaries: `*~`, `*.swp`, `*.swo`, `*.swx`, `#*#` and `*.tmp`.
///
/// ```swift
/// let snapshot = ConfigurationFiles(paths: ["config/"]).load()
/// for message in snapshot.fileErrors { print(message) }
/// let result = ProxyBuilder().build(snapshot.resources, reports: snapshot.reports)
/// ```
public struct ConfigurationFiles: Sendable, Hashable {
    /// Files and directories, in the order given.
    public var paths: [String]

    /// The configuration files under `paths`.
    public init(paths: [String]) {
        self.paths = paths
    }

    /// Every configuration file under ``paths``: each path's files in turn (a file named twice is listed
    /// twice).
    ///
    /// - Throws: ``ConfigurationFilesError`` for the first path that does not exist (`<path>: no such file or
    ///   directory`) or is a directory that cannot be listed.
    public func list() throws(ConfigurationFilesError) -> [String] {
        var files: [String] = []
        for path in paths {
            files += try Self.found(under: path).map(\.path)
        }
        return files
    }

    /// Reads every file once. Files that cannot be read or parsed are left out and described in
    /// ``ConfigurationSnapshot/fileErrors``; the others still load. When a path does not exist or cannot be
    /// listed, nothing is loaded and that is the only error. The snapshot's revision is 1.
    public func load() -> ConfigurationSnapshot {
        let files: [String]
        do {
            files = try list()
        } catch {
            return ConfigurationSnapshot(fileErrors: [error.message], revision: 1)
        }
        let outcomes = Parallel.map(files, minimumCount: 8) { Self.read($0).parsed }
        var parsed: [ResourceLoader.ParsedFile] = []
        var errors: [String] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let file): parsed.append(file)
            case .failure(let error): errors.append(error.message)
            }
        }
        var loader = ResourceLoader()
        loader.add(parsed)
        return ConfigurationSnapshot(
            resources: loader.resources,
            reports: loader.reports,
            fileErrors: errors,
            revision: 1
        )
    }

    /// Reads and parses one file.
    ///
    /// - Throws: ``ConfigurationFilesError`` with code ``ConfigurationFilesError/Code/unreadable``
    ///   (`<file>: cannot read the file`) or ``ConfigurationFilesError/Code/syntax`` (the
    ///   ``ConfigSyntaxError``'s description, `<file>:<line>:<column>: <message>`).
    public static func parse(_ file: String) throws(ConfigurationFilesError) -> ResourceLoader.ParsedFile {
        try read(file).parsed.get()
    }

    /// Whether a file found in a directory is read: its name ends in `.yaml`, `.yml` or `.json`, in any letter
    /// case, and it is not skipped by ``isIgnored(_:)``.
    public static func isConfigurationFile(named name: String) -> Bool {
        let lower = name.lowercased()
        let hasExtension = lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json")
        return hasExtension && !isIgnored(name)
    }

    /// Whether an entry found in a directory (a file or a directory) is skipped: hidden names (starting with
    /// `.`) and editor temporaries (`*~`, `*.swp`, `*.swo`, `*.swx`, `#*#`, `*.tmp`).
    public static func isIgnored(_ name: String) -> Bool {
        if name.hasPrefix(".") || name.hasSuffix("~") { return true }
        if name.count > 1, name.hasPrefix("#"), name.hasSuffix("#") { return true }
        let lower = name.lowercased()
        return [".swp", ".swo", ".swx", ".tmp"].contains { lower.hasSuffix($0) }
    }

    // MARK: - Finding

    /// A configuration file found, with the fingerprint of the version seen.
    struct FoundFile: Hashable, Sendable {
        var path: String
        var fingerprint: FileFingerprint
    }

    /// The configuration files one path names: the path itself when it is not a directory, else the files
    /// found in it, sorted by path.
    static func found(under path: String) throws(ConfigurationFilesError) -> [FoundFile] {
        guard let top = FileFingerprint(path: path) else {
            throw ConfigurationFilesError(.notFound, "\(path): no such file or directory")
        }
        guard top.isDirectory else { return [FoundFile(path: path, fingerprint: top)] }
        guard let names = directoryEntries(atPath: path) else {
            throw ConfigurationFilesError(.unlistable, "\(path): cannot list the directory")
        }
        var found: [FoundFile] = []
        var visited: Set<[UInt64]> = [[top.device, top.inode]]
        search(path.hasSuffix("/") ? path : path + "/", names: names, into: &found, visited: &visited)
        found.sort { $0.path < $1.path }
        return found
    }

    /// Adds the configuration files among `names` (the entries of the directory `prefix` ends with a `/`) and
    /// in the directories among them. `visited` holds the directories already searched (device and inode),
    /// so that a symbolic link to a directory above cannot make the search endless.
    private static func search(
        _ prefix: String,
        names: [String],
        into found: inout [FoundFile],
        visited: inout Set<[UInt64]>
    ) {
        for name in names where !isIgnored(name) {
            let path = prefix + name
            guard let fingerprint = FileFingerprint(path: path) else { continue }
            if fingerprint.isDirectory {
                guard visited.insert([fingerprint.device, fingerprint.inode]).inserted,
                    let entries = directoryEntries(atPath: path)
                else { continue }
                search(path + "/", names: entries, into: &found, visited: &visited)
            } else if fingerprint.isRegularFile, isConfigurationFile(named: name) {
                found.append(FoundFile(path: path, fingerprint: fingerprint))
            }
        }
    }

    // MARK: - Reading

    /// What reading one file gave: its documents or why there are none, and the fingerprint of the version
    /// read (nil when it could not be read, or changed while it was read).
    struct ReadFile: Sendable {
        var parsed: Result<ResourceLoader.ParsedFile, ConfigurationFilesError>
        var fingerprint: FileFingerprint?
    }

    /// Reads and parses one file.
    static func read(_ file: String) -> ReadFile {
        guard let contents = FileContents(path: file) else {
            return ReadFile(
                parsed: .failure(ConfigurationFilesError(.unreadable, "\(file): cannot read the file")),
                fingerprint: nil
            )
        }
        do {
            return ReadFile(
                parsed: .success(try ResourceLoader.parse(contents.bytes, file: file)),
                fingerprint: contents.fingerprint
            )
        } catch {
            return ReadFile(
                parsed: .failure(ConfigurationFilesError(.syntax, error.description)),
                fingerprint: contents.fingerprint
            )
        }
    }
}
