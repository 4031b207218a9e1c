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

    init(options: IngestOptions, store: BlobStore, ocr: OCRService?) throws {
        self.options = options
        self.store = store
        normalizer = try TextNormalizer()
        extractor = DocumentExtractor(ocr: ocr, limits: options.limits)
    }

    /// The folder and, after it, the folders of any bundles found in it.
    func process(_ folder: InputFolder, depth: Int = 0) -> [ProcessedFolder] {
        var result = ProcessedFolder(path: folder.path, manifest: folder.manifest, manifestFolder: folder.manifestFolder)
        result.problems = folder.problems
        result.completedSources = folder.completedSources
        result.fileSystemNames = folder.fileSystemNames
        var nested: [ProcessedFolder] = []
        for file in folder.files {
            var kept: PendingOriginal?
            do {
                try processFile(file, folder: folder, depth: depth, into: &result, nested: &nested, kept: &kept)
            } catch let failure as IngestFailure {
                let keptSHA256 = kept?.sha256 ?? keepRejected(file, into: &result)
                result.problems.append(IngestProblem(file.sourcePath, failure.kind, failure.reason, keptSHA256: keptSHA256))
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
        let original: PendingOriginal?
        if let data = file.bytesInMemory {
            original = try? keep(data)
        } else if file.size <= options.limits.inMemoryBytes {
            original = (try? file.read()).flatMap { try? keep($0) }
        } else {
            original = try? keepStreaming(file)
        }
        guard let original else { return nil }
        result.originals.append(original)
        return original.sha256
    }

    /// Reads one file into `result`. An original streamed into the store before its text was
    /// read is set in `kept`, so that a failure after it still names the kept bytes.
    private func processFile(
        _ file: InputFile, folder: InputFolder, depth: Int,
        into result: inout ProcessedFolder, nested: inout [ProcessedFolder], kept: inout PendingOriginal?
    ) throws {
        if file.name == "case.json" { return }
        // The head tells the format. Recordings and bundles stream from their files; only a
        // document up to the in-memory limit is read whole, below.
        let head = try file.read(upTo: 8192)
        // A zip's member names tell docx and OFD from bundles.
        var format = detector.format(head: head, name: file.name) { zipMemberNames(file) }
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
        result.filesRead += 1
        result.bytesRead += file.size
        if format == .bundle {
            nested += try expandBundle(file, parent: folder, depth: depth)
            return
        }
        if format.isMedia || format == .unknown && ["mp4", "mov", "avi", "wav", "mp3"].contains(file.fileExtension) {
            result.media.append(try processMedia(file, into: &result, kept: &kept))
            return
        }
        let whole: Data? = file.size <= options.limits.inMemoryBytes ? try file.read() : nil
        if let whole, [.json, .xml, .csv].contains(format) {
            let sidecars = RecorderSidecar.parse(whole, format: format)
            if !sidecars.isEmpty {
                result.originals.append(try keep(whole))
                result.sidecars += sidecars.map { ProcessedSidecar(sourcePath: file.sourcePath, sidecar: $0) }
                return
            }
        }
        if format == .unknown {
            // Let the text decoder decide: GB18030 text often has no libmagic label.
            format = .text
        }
        let original: PendingOriginal
        let extracted: ExtractedText
        if let whole {
            extracted = try extractor.extract(.bytes(whole), format: format)
            try Self.requireText(extracted)
            if extracted.encoding == "UTF-8", extracted.method == "text", extracted.text.utf8.count == whole.count {
                // Valid UTF-8 decodes losslessly: the text is the original, byte for byte.
                original = PendingOriginal(sha256: MessageDigest.hex(.sha256, of: whole), size: Int64(whole.count), location: .documentText)
            } else {
                original = try keep(whole)
            }
            result.originals.append(original)
        } else {
            // A large original streams into the store first; the tools read it from there.
            original = try keepStreaming(file)
            result.originals.append(original)
            kept = original
            extracted = try extractor.extract(.file(path: store.url(for: original.sha256).path, size: original.size), format: format)
            try Self.requireText(extracted)
        }
        for (number, page) in extracted.recognizedPages.enumerated() {
            guard let confidence = page.confidence, confidence < Self.lowConfidence else { continue }
            result.problems.append(
                IngestProblem(
                    file.sourcePath, .lowConfidence,
                    String(format: "第 %d 页识别可信度 %.2f(低于 %.2f),请对照原件核对", number + 1, confidence, Self.lowConfidence)))
        }
        if extracted.truncated {
            let megabytes = options.limits.maxTextBytes / 1_048_576
            result.problems.append(
                IngestProblem(file.sourcePath, .textTruncated, "文字超过 \(megabytes) MB,只有前 \(megabytes) MB 编入检索;原件已完整归档"))
        }
        let manifestEntry = manifestDocument(for: file, in: folder)
        var facts = FactInference.infer(text: extracted.text, fileName: file.baseName, embeddedTitle: extracted.embeddedTitle)
        if let entry = manifestEntry?.entry {
            if let type = entry.type { facts.docType = type }
            if let title = entry.title { facts.title = title }
            if let date = entry.date { facts.date = date }
        }
        result.documents.append(
            ProcessedDocument(
                sourcePath: file.sourcePath, sha256: original.sha256, size: original.size, format: format, extracted: extracted,
                normalizedText: normalizer.normalize(extracted.text), normalizedTitle: normalizer.normalize(facts.title),
                facts: facts, manifestOrder: manifestEntry?.order, confidential: manifestEntry?.entry.confidential ?? false,
                archivedBefore: file.archivedBefore))
    }

    /// Pages recognized with less mean confidence than this are listed for staff to check.
    static let lowConfidence = 0.80

    private static func requireText(_ extracted: ExtractedText) throws {
        guard extracted.text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
            throw IngestFailure(.emptyText, "未提取到任何文字")
        }
    }

    /// The member names of a zip-shaped file (to tell docx and OFD from bundles).
    private func zipMemberNames(_ file: InputFile) -> [String] {
        if let bytes = file.bytesInMemory { return BundleReader.memberNames(of: .memory(bytes)) }
        guard let descriptor = try? file.openDescriptor() else { return [] }
        defer { close(descriptor) }
        return BundleReader.memberNames(of: .descriptor(descriptor, size: file.size))
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

    /// Keeps a file too large for memory as an object file: a spooled bundle member is linked
    /// into the store, a file on disk copied while hashed, 1 MiB at a time.
    private func keepStreaming(_ file: InputFile) throws -> PendingOriginal {
        if case .spooled(let spool) = file.content {
            try store.adopt(spool.path, sha256: spool.sha256)
            return PendingOriginal(sha256: spool.sha256, size: spool.size, location: .objects)
        }
        guard let descriptor = try file.openDescriptor() else { return try keep(file.read()) }
        defer { close(descriptor) }
        do {
            let (sha256, size) = try store.putFile(descriptor: descriptor, name: file.sourcePath)
            return PendingOriginal(sha256: sha256, size: size, location: .objects)
        } catch let unreadable as FileChunks.Unreadable {
            throw IngestFailure(.unreadable, unreadable.reason)
        }
    }

    /// Probes a recording and keeps it: by reference where it lies (the default for files on
    /// disk), else in the store (asked for with --copy-media, a bundle member, or a name on disk
    /// that is not UTF-8 and so cannot be referred to by its text).
    private func processMedia(_ file: InputFile, into result: inout ProcessedFolder, kept: inout PendingOriginal?) throws -> ProcessedMedia {
        let original: PendingOriginal
        let facts: MediaFacts
        switch file.content {
        case .disk(let location) where !options.copyMedia && location.rawBytes == nil:
            facts = try MediaProbe.probe(path: location.path)
            let (sha256, size) = try BlobStore.hashFile(at: URL(fileURLWithPath: location.path))
            original = PendingOriginal(sha256: sha256, size: size, location: .reference(path: location.path, modified: file.modified))
        case .memory(let data):
            let temporary = try TemporaryFile(data, extension: file.fileExtension)
            facts = try MediaProbe.probe(path: temporary.url.path)
            original = try keep(data)
        default:
            original = try keepStreaming(file)
            kept = original
            facts = try MediaProbe.probe(path: store.url(for: original.sha256).path)
        }
        result.originals.append(original)
        return ProcessedMedia(sourcePath: file.sourcePath, name: file.name, sha256: original.sha256, size: original.size, facts: facts)
    }

    /// Expands a bundle: from memory when it is there already (a member of a bundle, a file the
    /// walker read), else libarchive reads it from its file as it goes.
    private func expandBundle(_ file: InputFile, parent: InputFolder, depth: Int) throws -> [ProcessedFolder] {
        guard depth < options.limits.maxNestingDepth else {
            throw IngestFailure(.zipBomb, "压缩包嵌套超过 \(options.limits.maxNestingDepth) 层,停止展开")
        }
        let listing: BundleReader.Listing
        if let data = file.bytesInMemory {
            listing = BundleReader.read(.memory(data), limits: options.limits, spoolFolder: store.temporaryFolder)
        } else {
            guard let descriptor = try file.openDescriptor() else { throw IngestFailure(.unreadable, "无法读取压缩包") }
            defer { close(descriptor) }
            listing = BundleReader.read(.descriptor(descriptor, size: file.size), limits: options.limits, spoolFolder: store.temporaryFolder)
        }
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
