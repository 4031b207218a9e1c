import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Turns the paths given to `ingest` into folders of input files, depth first, parents before
/// children, names in sorted order so that every run sees the same sequence.
/// Symbolic links within the input are followed (a link back into one of its own ancestors is a
/// loop and is reported); a link that leads out of the input, a FIFO, a device or a socket is
/// reported as `skipped`: every path gets an outcome.
public struct InputTree {
    let limits: IngestLimits
    /// What an earlier run archived at a path.
    enum Archived {
        /// Nothing (or nothing that was archived: a failed file is tried again).
        case nothing
        /// This very file, unchanged since (it is skipped).
        case unchanged
        /// Other content: the file changed since.
        case otherContent
    }

    /// Answers what an earlier run archived at a disk file's path.
    let archivedBefore: (SourceStamp) -> Archived
    private(set) var skippedFiles = 0

    init(limits: IngestLimits, archivedBefore: @escaping (SourceStamp) -> Archived) {
        self.limits = limits
        self.archivedBefore = archivedBefore
    }

    /// Calls `emit` with each folder in order.
    mutating func walk(_ paths: [String], emit: (InputFolder) throws -> Void) rethrows {
        for path in paths {
            let location = DiskLocation(path: URL(fileURLWithPath: path).standardizedFileURL.path)
            guard let status = location.status(followingLinks: true) else {
                var folder = InputFolder(path: PathName.deletingLastComponent(of: location.path), files: [])
                folder.problems.append(IngestProblem(location.path, .unreadable, "路径不存在或是断开的符号链接"))
                try emit(folder)
                continue
            }
            if status.st_mode & S_IFMT == S_IFDIR {
                let root = location.resolvedBytes() ?? Array(location.path.utf8)
                try walkDirectory(location, realPath: root, root: root, ancestors: [], manifest: nil, manifestFolder: nil, emit: emit)
            } else if status.st_mode & S_IFMT != S_IFREG {
                var folder = InputFolder(path: PathName.deletingLastComponent(of: location.path), files: [])
                folder.problems.append(IngestProblem(location.path, .skipped, "\(Self.kindName(status.st_mode)),不是文件,已跳过"))
                try emit(folder)
            } else {
                var folder = InputFolder(path: PathName.deletingLastComponent(of: location.path), files: [])
                addFile(location, status: status, to: &folder)
                try emit(folder)
            }
        }
    }

    /// What an entry that is neither a folder nor a regular file is, for its problem row.
    static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "命名管道(FIFO)"
        case S_IFCHR, S_IFBLK: return "设备文件"
        case S_IFSOCK: return "套接字"
        default: return "特殊文件"
        }
    }

    /// Walks the folder at `location`, whose links resolved give `realPath` (known from the
    /// parent for a plain subfolder, so that `realpath` runs only where a link was followed).
    /// `root` is the real path of the folder given to `ingest`: a link leading out of it is not followed.
    private mutating func walkDirectory(
        _ location: DiskLocation, realPath: [UInt8], root: [UInt8], ancestors: Set<[UInt8]>, manifest: CaseManifest?,
        manifestFolder: String?, emit: (InputFolder) throws -> Void
    ) rethrows {
        let path = location.path
        var folder = InputFolder(path: path, files: [], manifest: manifest, manifestFolder: manifestFolder)
        guard !ancestors.contains(realPath) else {
            folder.problems.append(
                IngestProblem(path, .symlinkLoop, "符号链接循环:指向自身的上级目录 \(String(decoding: realPath, as: UTF8.self)),已跳过"))
            try emit(folder)
            return
        }
        guard let entries = location.directoryEntries() else {
            folder.problems.append(IngestProblem(path, .unreadable, "无法读取目录:\(String(cString: strerror(errno)))"))
            try emit(folder)
            return
        }
        if let manifestEntry = entries.first(where: { $0.name == "case.json" && $0.fileSystemName == nil }) {
            let manifestLocation = location.appending(manifestEntry)
            do {
                folder.manifest = try CaseManifest.decode(try InputFile.readWhole(manifestLocation))
                folder.manifestFolder = path
            } catch let failure as IngestFailure {
                folder.problems.append(IngestProblem(manifestLocation.path, failure.kind, failure.reason + ";本目录按无清单处理"))
                folder.manifest = nil
                folder.manifestFolder = nil
            } catch {
                folder.problems.append(IngestProblem(manifestLocation.path, .unreadable, "无法读取 case.json"))
            }
        }
        let rootPrefix = root == [UInt8(ascii: "/")] ? root : root + [UInt8(ascii: "/")]
        var subdirectories: [(location: DiskLocation, realPath: [UInt8])] = []
        for entry in entries where !entry.name.hasPrefix(".") {
            let child = location.appending(entry)
            // lstat first: only a link needs stat to follow it, and realpath to place it.
            let linkStatus = child.status(followingLinks: false)
            let isLink = linkStatus.map { $0.st_mode & S_IFMT == S_IFLNK } ?? false
            guard let status = isLink ? child.status(followingLinks: true) : linkStatus else {
                folder.problems.append(IngestProblem(child.path, .unreadable, "断开的符号链接或无法访问"))
                continue
            }
            if let raw = child.rawBytes { folder.fileSystemNames.append(SourceName(path: child.path, bytes: raw)) }
            let target = isLink ? child.resolvedBytes() : nil
            if let target, target != root, !target.starts(with: rootPrefix) {
                folder.problems.append(
                    IngestProblem(child.path, .skipped, "符号链接指向输入目录之外(\(String(decoding: target, as: UTF8.self))),未跟随"))
                continue
            }
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                let childRealPath =
                    target ?? (realPath == [UInt8(ascii: "/")] ? [] : realPath) + [UInt8(ascii: "/")]
                    + (entry.fileSystemName.map { $0.map { UInt8(bitPattern: $0) } } ?? Array(entry.name.utf8))
                subdirectories.append((child, childRealPath))
            case S_IFREG: addFile(child, status: status, to: &folder)
            default: folder.problems.append(IngestProblem(child.path, .skipped, "\(Self.kindName(status.st_mode)),不是文件,已跳过"))
            }
        }
        try emit(folder)
        let inner = ancestors.union([realPath])
        for directory in subdirectories {
            try walkDirectory(
                directory.location, realPath: directory.realPath, root: root, ancestors: inner, manifest: folder.manifest,
                manifestFolder: folder.manifestFolder, emit: emit)
        }
    }

    private mutating func addFile(_ location: DiskLocation, status: stat, to folder: inout InputFolder) {
        let size = Int64(status.st_size)
        let modified = Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9
        let stamp = SourceStamp(path: location.path, size: size, modified: modified)
        let archived = archivedBefore(stamp)
        if archived == .unchanged {
            skippedFiles += 1
            return
        }
        var file = InputFile(
            sourcePath: location.path, name: PathName.lastComponent(of: location.path), content: .disk(location), size: size,
            modified: modified)
        file.archivedBefore = archived == .otherContent
        folder.files.append(file)
        folder.completedSources.append(stamp)
    }

    /// Bytes of the regular files at or below `path` (symbolic links to folders are not followed).
    public static func totalBytes(under path: String) -> Int64 {
        totalBytes(under: DiskLocation(path: path))
    }

    private static func totalBytes(under location: DiskLocation) -> Int64 {
        guard let status = location.status(followingLinks: false) else { return 0 }
        if status.st_mode & S_IFMT == S_IFREG { return Int64(status.st_size) }
        guard status.st_mode & S_IFMT == S_IFDIR, let entries = location.directoryEntries() else { return 0 }
        return entries.reduce(0) { $0 + totalBytes(under: location.appending($1)) }
    }

    /// Groups bundle members into folders named `bundle.zip!/dir`, reading manifests inside the bundle.
    static func folders(
        fromMembers members: [BundleReader.Member], bundlePath: String, limits: IngestLimits,
        inherited: CaseManifest?, inheritedFolder: String?, problems: inout [IngestProblem]
    ) -> [InputFolder] {
        var byDirectory: [String: [BundleReader.Member]] = [:]
        for member in members {
            let directory = (member.path as NSString).deletingLastPathComponent
            byDirectory[directory, default: []].append(member)
        }
        var manifests: [String: (CaseManifest, String)] = [:]
        for (directory, items) in byDirectory {
            guard let manifestMember = items.first(where: { ($0.path as NSString).lastPathComponent == "case.json" }),
                let manifestData = manifestMember.data
            else { continue }
            let folderPath = directory.isEmpty ? "\(bundlePath)!" : "\(bundlePath)!/\(directory)"
            do {
                manifests[directory] = (try CaseManifest.decode(manifestData), folderPath)
            } catch let failure as IngestFailure {
                problems.append(IngestProblem("\(bundlePath)!/\(manifestMember.path)", failure.kind, failure.reason + ";本目录按无清单处理"))
            } catch {}
        }
        return byDirectory.keys.sorted().map { directory in
            var governing: (CaseManifest, String)? = inherited.flatMap { manifest in inheritedFolder.map { (manifest, $0) } }
            var probe = directory
            while true {
                if let found = manifests[probe] {
                    governing = found
                    break
                }
                if probe.isEmpty { break }
                probe = (probe as NSString).deletingLastPathComponent
            }
            let files = byDirectory[directory]!.sorted { $0.path < $1.path }.map { member in
                InputFile(
                    sourcePath: "\(bundlePath)!/\(member.path)", name: (member.path as NSString).lastPathComponent,
                    content: member.content, size: member.size, modified: member.modified)
            }
            return InputFolder(
                path: directory.isEmpty ? "\(bundlePath)!" : "\(bundlePath)!/\(directory)", files: files,
                manifest: governing?.0, manifestFolder: governing?.1)
        }
    }
}
