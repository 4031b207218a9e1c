import Foundation
import JuanzongCore
import JuanzongStore

/// Turns one input folder into a `ProcessedFolder`: reads each file, detects its format,
/// expands bundles (recursively), stores originals, extracts and normalizes text, infers facts.
/// One processor per worker thread (hence unchecked Sendable): it owns a libmagic handle and an OpenCC converter.
final class FolderProcessor: @unchecked Sendable {
    let options: IngestOptions
    let store: BlobStore
    let detector = FileTypeDetector()
    let normalizer: TextNormalizer
    let extractor: DocumentExtractor

    init(options: IngestOptions, store: BlobStore) throws {
        self.options = options
        self.store = store
        normalizer = try TextNormalizer()
        extractor = DocumentExtractor(ocrEnabled: options.ocr, limits: options.limits)
    }

    /// The folder and, after it, the folders of any bundles found in it.
    func process(_ folder: InputFolder, depth: Int = 0) -> [ProcessedFolder] {
        var result = ProcessedFolder(path: folder.path, manifest: folder.manifest, manifestFolder: folder.manifestFolder)
        result.problems = folder.problems
        result.completedSources = folder.completedSources
        var nested: [ProcessedFolder] = []
        for file in folder.files {
            do {
                try processFile(file, folder: folder, depth: depth, into: &result, nested: &nested)
            } catch let failure as IngestFailure {
                let kept = failure.kind == .oversized ? nil : keepRejected(file, into: &result)
                result.problems.append(IngestProblem(file.sourcePath, failure.kind, failure.reason, keptSHA256: kept))
            } catch {
                result.problems.append(IngestProblem(file.sourcePath, .unreadable, "读取失败:\(error.localizedDescription)"))
            }
        }
        return [result] + nested
    }

    /// Keeps the bytes of an input that could not be archived as a document (a scan without
    /// --ocr, an encrypted PDF, an unsupported format) in the store, like every original, so
    /// that nothing handed in is lost; its problem row names them. Nil when they cannot be read.
    private func keepRejected(_ file: InputFile, into result: inout ProcessedFolder) -> String? {
        guard file.size <= options.limits.maxDocumentBytes, let data = try? file.read(limit: options.limits.maxDocumentBytes),
            let original = try? keep(data)
        else { return nil }
        result.originals.append(original)
        return original.sha256
    }

    private func processFile(
        _ file: InputFile, folder: InputFolder, depth: Int,
        into result: inout ProcessedFolder, nested: inout [ProcessedFolder]
    ) throws {
        if file.name == "case.json" { return }
        // Documents are read once, whole; large files (media, bundles) only their head here.
        let whole: Data? = file.size <= min(options.limits.maxDocumentBytes, 16 << 20) ? try file.read(limit: options.limits.maxDocumentBytes) : nil
        let head = try whole.map { $0.prefix(8192) } ?? readHead(file)
        // A zip's member names tell docx and OFD from bundles; read the file only if not read yet.
        var format = detector.format(head: head, name: file.name) {
            (whole ?? (try? file.read(limit: options.limits.maxBundleExpandedBytes))).map(BundleReader.memberNames) ?? []
        }
        if format == .unknown, head.isEmpty { throw IngestFailure(.emptyText, "空文件") }
        // A name that promises another format than the content has (an HTML error page saved as
        // .pdf): reported, and the file archived as what it is.
        if let promised = FileFormat.promised(byExtension: file.fileExtension), format != .unknown, format != promised,
            !(promised == .bundle && [.docx, .ofd].contains(format))
        {
            result.problems.append(
                IngestProblem(
                    file.sourcePath, .typeMismatch,
                    "扩展名 .\(file.fileExtension) 与内容(\(format.chineseName))不符,已按内容归档"))
        }
        if format == .bundle {
            result.filesRead += 1
            result.bytesRead += file.size
            nested += try expandBundle(file, data: whole, parent: folder, depth: depth)
            return
        }
        if format.isMedia || format == .unknown && ["mp4", "mov", "avi", "wav", "mp3"].contains(file.fileExtension) {
            let (media, original) = try processMedia(file)
            result.media.append(media)
            result.originals.append(original)
            result.filesRead += 1
            result.bytesRead += file.size
            return
        }
        let data = try whole ?? file.read(limit: options.limits.maxDocumentBytes)
        result.filesRead += 1
        result.bytesRead += Int64(data.count)
        if [.json, .xml, .csv].contains(format) {
            let sidecars = RecorderSidecar.parse(data, format: format)
            if !sidecars.isEmpty {
                result.originals.append(try keep(data))
                result.sidecars += sidecars.map { ProcessedSidecar(sourcePath: file.sourcePath, sidecar: $0) }
                return
            }
        }
        if format == .unknown {
            // Let the text decoder decide: GB18030 text often has no libmagic label.
            format = .text
        }
        let extracted = try extractor.extract(data, format: format)
        guard extracted.text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
            throw IngestFailure(.emptyText, "未提取到任何文字")
        }
        let original: PendingOriginal
        if extracted.encoding == "UTF-8", extracted.method == "text", extracted.text.utf8.count == data.count {
            // Valid UTF-8 decodes losslessly: the text is the original, byte for byte.
            original = PendingOriginal(sha256: MessageDigest.hex(.sha256, of: data), size: Int64(data.count), location: .documentText)
        } else {
            original = try keep(data)
        }
        result.originals.append(original)
        let sha256 = original.sha256
        let manifestEntry = manifestDocument(for: file, in: folder)
        var facts = FactInference.infer(text: extracted.text, fileName: file.baseName, embeddedTitle: extracted.embeddedTitle)
        if let entry = manifestEntry?.entry {
            if let type = entry.type { facts.docType = type }
            if let title = entry.title { facts.title = title }
            if let date = entry.date { facts.date = date }
        }
        result.documents.append(
            ProcessedDocument(
                sourcePath: file.sourcePath, sha256: sha256, size: Int64(data.count), format: format, extracted: extracted,
                normalizedText: normalizer.normalize(extracted.text), normalizedTitle: normalizer.normalize(facts.title),
                facts: facts, manifestOrder: manifestEntry?.order, confidential: manifestEntry?.entry.confidential ?? false,
                archivedBefore: file.archivedBefore))
    }

    private func readHead(_ file: InputFile) throws -> Data {
        if let bytes = file.bytesInMemory { return bytes.prefix(8192) }
        guard case .disk(let path) = file.content, let handle = FileHandle(forReadingAtPath: path) else {
            throw IngestFailure(.unreadable, "无法打开文件(权限不足或已被删除)")
        }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 8192)) ?? Data()
    }

    private func manifestDocument(for file: InputFile, in folder: InputFolder) -> (entry: CaseManifest.Document, order: Int)? {
        guard let manifest = folder.manifest, let documents = manifest.documents, let base = folder.manifestFolder else { return nil }
        let relative = Self.relativePath(file.sourcePath, to: base)
        guard let order = documents.firstIndex(where: { $0.file == relative }) else { return nil }
        return (documents[order], order)
    }

    static func relativePath(_ path: String, to base: String) -> String {
        path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : PathName.lastComponent(of: path)
    }

    /// Hashes `data` and chooses where it is kept: inline in the database, or as an object file.
    private func keep(_ data: Data) throws -> PendingOriginal {
        let sha256 = MessageDigest.hex(.sha256, of: data)
        if data.count <= BlobStore.inlineLimit {
            return PendingOriginal(sha256: sha256, size: Int64(data.count), location: .database(data))
        }
        try store.put(data, sha256: sha256)
        return PendingOriginal(sha256: sha256, size: Int64(data.count), location: .objects)
    }

    private func processMedia(_ file: InputFile) throws -> (ProcessedMedia, PendingOriginal) {
        switch file.content {
        case .disk(let path):
            let url = URL(fileURLWithPath: path)
            let facts = try MediaProbe.probe(path: path)
            let (sha256, size): (String, Int64)
            let location: OriginalLocation
            if options.copyMedia {
                (sha256, size) = try store.putFile(at: url)
                location = .objects
            } else {
                (sha256, size) = try BlobStore.hashFile(at: url)
                location = .reference(path: path, modified: file.modified)
            }
            let media = ProcessedMedia(sourcePath: file.sourcePath, name: file.name, sha256: sha256, size: size, facts: facts)
            return (media, PendingOriginal(sha256: sha256, size: size, location: location))
        case .memory(let data):
            // A member of a bundle has no path of its own to refer to: it is always stored.
            let temporary = try TemporaryFile(data, extension: file.fileExtension)
            let facts = try MediaProbe.probe(path: temporary.url.path)
            let original = try keep(data)
            let media = ProcessedMedia(
                sourcePath: file.sourcePath, name: file.name, sha256: original.sha256,
                size: original.size, facts: facts)
            return (media, original)
        }
    }

    /// Expands a bundle; `preloaded` is its content when the caller has read it already.
    private func expandBundle(_ file: InputFile, data preloaded: Data?, parent: InputFolder, depth: Int) throws -> [ProcessedFolder] {
        guard depth < options.limits.maxNestingDepth else {
            throw IngestFailure(.zipBomb, "压缩包嵌套超过 \(options.limits.maxNestingDepth) 层,停止展开")
        }
        let data = try preloaded ?? file.read(limit: options.limits.maxBundleExpandedBytes)
        let listing = BundleReader.read(data, limits: options.limits)
        let prefix = file.sourcePath + "!"
        var problems = listing.problems.map { problem in
            IngestProblem(problem.path.isEmpty ? file.sourcePath : "\(prefix)/\(problem.path)", problem.kind, problem.reason)
        }
        if listing.members.isEmpty, problems.isEmpty {
            problems.append(IngestProblem(file.sourcePath, .emptyText, "压缩包为空"))
        }
        var folders = InputTree.folders(
            fromMembers: listing.members, bundlePath: file.sourcePath, limits: options.limits,
            inherited: parent.manifest, inheritedFolder: parent.manifestFolder, problems: &problems)
        // A changed bundle may hold changed members.
        for folder in folders.indices {
            for member in folders[folder].files.indices { folders[folder].files[member].archivedBefore = file.archivedBefore }
        }
        var processed = folders.flatMap { process($0, depth: depth + 1) }
        if processed.isEmpty {
            processed = [ProcessedFolder(path: prefix, manifest: nil, manifestFolder: nil)]
        }
        processed[0].problems = problems + processed[0].problems
        return processed
    }
}
