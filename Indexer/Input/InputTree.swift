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
            let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
            var status = stat()
            guard stat(standardized, &status) == 0 else {
                var folder = InputFolder(path: PathName.deletingLastComponent(of: standardized), files: [])
                folder.problems.append(IngestProblem(standardized, .unreadable, "路径不存在或是断开的符号链接"))
                try emit(folder)
                continue
            }
            if status.st_mode & S_IFMT == S_IFDIR {
                let root = Self.realPath(standardized)
                try walkDirectory(standardized, realPath: root, root: root, ancestors: [], manifest: nil, manifestFolder: nil, emit: emit)
            } else if status.st_mode & S_IFMT != S_IFREG {
                var folder = InputFolder(path: PathName.deletingLastComponent(of: standardized), files: [])
                folder.problems.append(IngestProblem(standardized, .skipped, "\(Self.kindName(status.st_mode)),不是文件,已跳过"))
                try emit(folder)
            } else {
                var folder = InputFolder(path: PathName.deletingLastComponent(of: standardized), files: [])
                addFile(standardized, status: status, to: &folder)
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

    /// `path` with every symbolic link resolved (itself when it cannot be resolved).
    private static func realPath(_ path: String) -> String {
        realpath(path, nil).map { resolved in
            defer { free(resolved) }
            return String(cString: resolved)
        } ?? path
    }

    /// Walks the folder at `path`, whose links resolved give `realPath` (known from the parent
    /// for a plain subfolder, so that `realpath` runs only where a link was followed). `root` is
    /// the real path of the folder given to `ingest`: a link leading out of it is not followed.
    private mutating func walkDirectory(
        _ path: String, realPath: String, root: String, ancestors: Set<String>, manifest: CaseManifest?,
        manifestFolder: String?, emit: (InputFolder) throws -> Void
    ) rethrows {
        var folder = InputFolder(path: path, files: [], manifest: manifest, manifestFolder: manifestFolder)
        guard !ancestors.contains(realPath) else {
            folder.problems.append(IngestProblem(path, .symlinkLoop, "符号链接循环:指向自身的上级目录 \(realPath),已跳过"))
            try emit(folder)
            return
        }
        guard let names = Self.listDirectory(path) else {
            folder.problems.append(IngestProblem(path, .unreadable, "无法读取目录:\(String(cString: strerror(errno)))"))
            try emit(folder)
            return
        }
        if names.contains("case.json") {
            let manifestPath = path + "/case.json"
            do {
                folder.manifest = try CaseManifest.decode(try Data(contentsOf: URL(fileURLWithPath: manifestPath)))
                folder.manifestFolder = path
            } catch let failure as IngestFailure {
                folder.problems.append(IngestProblem(manifestPath, failure.kind, failure.reason + ";本目录按无清单处理"))
                folder.manifest = nil
                folder.manifestFolder = nil
            } catch {
                folder.problems.append(IngestProblem(manifestPath, .unreadable, "无法读取 case.json"))
            }
        }
        var subdirectories: [(path: String, realPath: String)] = []
        for name in names where !name.hasPrefix(".") {
            let child = path + "/" + name
            // lstat first: only a link needs stat to follow it, and realpath to place it.
            var status = stat()
            let found = lstat(child, &status) == 0
            let isLink = found && status.st_mode & S_IFMT == S_IFLNK
            guard found, !isLink || stat(child, &status) == 0 else {
                folder.problems.append(IngestProblem(child, .unreadable, "断开的符号链接或无法访问"))
                continue
            }
            let target = isLink ? Self.realPath(child) : nil
            if let target, target != root, !target.hasPrefix(root == "/" ? "/" : root + "/") {
                folder.problems.append(IngestProblem(child, .skipped, "符号链接指向输入目录之外(\(target)),未跟随"))
                continue
            }
            switch status.st_mode & S_IFMT {
            case S_IFDIR: subdirectories.append((child, target ?? (realPath == "/" ? "" : realPath) + "/" + name))
            case S_IFREG: addFile(child, status: status, to: &folder)
            default: folder.problems.append(IngestProblem(child, .skipped, "\(Self.kindName(status.st_mode)),不是文件,已跳过"))
            }
        }
        try emit(folder)
        let inner = ancestors.union([realPath])
        for directory in subdirectories {
            try walkDirectory(
                directory.path, realPath: directory.realPath, root: root, ancestors: inner, manifest: folder.manifest,
                manifestFolder: folder.manifestFolder, emit: emit)
        }
    }

    private mutating func addFile(_ path: String, status: stat, to folder: inout InputFolder) {
        let size = Int64(status.st_size)
        let modified = Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9
        let stamp = SourceStamp(path: path, size: size, modified: modified)
        let archived = archivedBefore(stamp)
        if archived == .unchanged {
            skippedFiles += 1
            return
        }
        var file = InputFile(
            sourcePath: path, name: PathName.lastComponent(of: path), content: .disk(path), size: size, modified: modified)
        file.archivedBefore = archived == .otherContent
        folder.files.append(file)
        folder.completedSources.append(stamp)
    }

    /// Bytes of the regular files at or below `path` (symbolic links to folders are not followed).
    public static func totalBytes(under path: String) -> Int64 {
        var status = stat()
        guard lstat(path, &status) == 0 else { return 0 }
        if status.st_mode & S_IFMT == S_IFREG { return Int64(status.st_size) }
        guard status.st_mode & S_IFMT == S_IFDIR, let names = listDirectory(path) else { return 0 }
        return names.reduce(0) { $0 + totalBytes(under: path + "/" + $1) }
    }

    /// Entry names of a directory, sorted; nil when it cannot be read.
    static func listDirectory(_ path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
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
            guard let manifestMember = items.first(where: { ($0.path as NSString).lastPathComponent == "case.json" }) else { continue }
            let folderPath = directory.isEmpty ? "\(bundlePath)!" : "\(bundlePath)!/\(directory)"
            do {
                manifests[directory] = (try CaseManifest.decode(manifestMember.data), folderPath)
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
                    content: .memory(member.data), size: Int64(member.data.count), modified: member.modified)
            }
            return InputFolder(
                path: directory.isEmpty ? "\(bundlePath)!" : "\(bundlePath)!/\(directory)", files: files,
                manifest: governing?.0, manifestFolder: governing?.1)
        }
    }
}
