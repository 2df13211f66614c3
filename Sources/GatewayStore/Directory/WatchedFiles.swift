internal import GatewayModel

/// The files of a ``DirectorySource`` as last read, one entry per file with its parsed documents, so that a
/// change re-reads only the files it touched and the snapshot is assembled from the entries.
///
/// Owned by the one task that watches; not shared.
struct WatchedFiles {
    /// One look at the paths: the configuration files found, in order, with their fingerprints, and the paths
    /// that could not be examined.
    struct Scan: Equatable {
        var files: [String] = []
        var fingerprints: [String: FileFingerprint] = [:]
        var errors: [String] = []
    }

    /// The version of one file the snapshot is built from.
    struct Entry {
        /// The fingerprint of the version read (good or not).
        var fingerprint: FileFingerprint?
        /// The documents of the last version that parsed; kept while later versions do not.
        var parsed: ResourceLoader.ParsedFile?
        /// Why the version read could not be read or parsed.
        var error: String?
        /// The version was modified so shortly before it was read that a later write could have left the
        /// fingerprint unchanged: it is read once more.
        var needsRereading = false
    }

    /// The paths watched, without repeats.
    let paths: [String]
    /// A file read while its modification time is more recent than this is read once more later
    /// (nanoseconds).
    let recentWindow: Int64
    /// Counts the files read and parsed.
    let readCounter: ReadCounter

    /// The entry of every file the snapshot holds.
    private(set) var entries: [String: Entry] = [:]
    /// The files of the last snapshot, in order.
    private(set) var order: [String] = []
    /// The path errors of the last snapshot.
    private var pathErrors: [String] = []
    /// The last snapshot produced.
    private(set) var snapshot: ConfigurationSnapshot?

    init(paths: [String], recentWindow: Int64, readCounter: ReadCounter) {
        var unique: [String] = []
        for path in paths where !unique.contains(path) { unique.append(path) }
        self.paths = unique
        self.recentWindow = recentWindow
        self.readCounter = readCounter
    }

    /// Looks at every path, reading no file.
    func scan() -> Scan {
        var scan = Scan()
        for path in paths {
            do {
                for file in try ConfigurationFiles.found(under: path)
                where scan.fingerprints.updateValue(file.fingerprint, forKey: file.path) == nil {
                    scan.files.append(file.path)
                }
            } catch {
                scan.errors.append(error.message)
            }
        }
        return scan
    }

    /// Whether `scan` shows something the last snapshot does not hold: a file added, changed or removed, or
    /// a path that appeared or disappeared.
    func hasChanges(_ scan: Scan) -> Bool {
        guard scan.files == order, scan.errors == pathErrors else { return true }
        return scan.files.contains { file in
            guard let entry = entries[file] else { return true }
            return entry.needsRereading || entry.fingerprint != scan.fingerprints[file]
        }
    }

    /// Brings the entries up to date with `scan` and returns the new snapshot, or nil when the configuration
    /// did not change (unless `always`).
    ///
    /// With `earlier` (a scan at least the settle time before), only versions that are the same in both scans
    /// are read, and a file is only dropped when it is missing from both: a file still being written keeps
    /// its previous version until it settles. Without `earlier` (the first read), everything is read as found.
    mutating func update(to scan: Scan, earlier: Scan?, always: Bool = false) -> ConfigurationSnapshot? {
        func isStable(_ file: String) -> Bool {
            guard let earlier else { return true }
            return earlier.fingerprints[file] == scan.fingerprints[file]
        }
        let changed = scan.files.filter { file in
            guard isStable(file) else { return false }
            guard let entry = entries[file] else { return true }
            return entry.needsRereading || entry.fingerprint != scan.fingerprints[file]
        }
        let present = Set(scan.files)
        let removed = entries.keys.filter { !present.contains($0) && isStable($0) }
        if !always, changed.isEmpty, removed.isEmpty, scan.errors == pathErrors {
            return nil
        }
        for file in removed { entries[file] = nil }
        read(changed, expecting: scan.fingerprints)

        // New files in the order found; files kept while they settle stay where they were.
        order = scan.files.filter { entries[$0] != nil } + order.filter { entries[$0] != nil && !present.contains($0) }
        pathErrors = scan.errors
        let next = assemble(revision: (snapshot?.revision ?? 0) + 1)
        if !always, let snapshot, snapshot.resources == next.resources, snapshot.reports == next.reports,
            snapshot.fileErrors == next.fileErrors
        {
            return nil
        }
        snapshot = next
        return next
    }

    /// Reads and parses `files` (on all cores when there are many) and updates their entries. A version
    /// that is not the one `expected` (it changed since the scan, or while it was read) is not used: the file
    /// stays changed and is read again once it settles.
    private mutating func read(_ files: [String], expecting expected: [String: FileFingerprint]) {
        guard !files.isEmpty else { return }
        let results = Parallel.map(files, minimumCount: 8) { ConfigurationFiles.read($0) }
        readCounter.add(files.count)
        for (file, result) in zip(files, results) {
            let previous = entries[file]
            switch result.parsed {
            case .failure(let error) where error.code == .unreadable:
                // Not readable (no permission, or removed just now): the next scan settles which.
                entries[file] = Entry(fingerprint: expected[file], parsed: previous?.parsed, error: error.message)
            case .success(let parsed):
                guard let fingerprint = result.fingerprint, fingerprint == expected[file] else { continue }
                entries[file] = Entry(
                    fingerprint: fingerprint,
                    parsed: parsed,
                    needsRereading: needsRereading(fingerprint, previous: previous)
                )
            case .failure(let error):
                guard let fingerprint = result.fingerprint, fingerprint == expected[file] else { continue }
                entries[file] = Entry(
                    fingerprint: fingerprint,
                    parsed: previous?.parsed,
                    error: error.message,
                    needsRereading: needsRereading(fingerprint, previous: previous)
                )
            }
        }
    }

    /// Whether a version just read must be read once more: it was modified very recently, and is not the
    /// version read last time (which was already read once more).
    private func needsRereading(_ fingerprint: FileFingerprint, previous: Entry?) -> Bool {
        fingerprint.isRecent(within: recentWindow) && previous?.fingerprint != fingerprint
    }

    /// The snapshot of the current entries: their documents in file order, and a warning on each resource
    /// that is served from an earlier version of a file that no longer parses.
    private func assemble(revision: Int) -> ConfigurationSnapshot {
        var loader = ResourceLoader()
        loader.add(order.compactMap { entries[$0]?.parsed })
        var reports = loader.reports
        var fileErrors = pathErrors
        for file in order {
            guard let entry = entries[file], let error = entry.error else { continue }
            fileErrors.append(error)
            guard let parsed = entry.parsed else { continue }
            for id in Set(parsed.resourceIDs) where loader.resources.locations[id]?.file == file {
                reports.addWarning(id, "\(error); the last version of \(file) that could be read is used")
            }
        }
        return ConfigurationSnapshot(
            resources: loader.resources,
            reports: reports,
            fileErrors: fileErrors,
            revision: revision
        )
    }
}
