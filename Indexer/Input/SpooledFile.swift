import Foundation
import JuanzongCore
#if canImport(Glibc)
    import Glibc
#endif

/// A member of a bundle too large to hold in memory (a body-camera video in a zip), written to
/// a file under the store's `tmp/` as it is read from the bundle and hashed on the way. The file
/// goes with the last reference; `BlobStore.adopt` links it into the store first when it is kept.
public final class SpooledFile: Sendable {
    let path: String
    let sha256: String
    let size: Int64

    fileprivate init(path: String, sha256: String, size: Int64) {
        self.path = path
        self.sha256 = sha256
        self.size = size
    }

    deinit { unlink(path) }
}

/// Writes one spooled file chunk by chunk.
struct SpoolWriter {
    private let path: String
    private let descriptor: Int32
    private let hasher = MessageDigest(.sha256)
    private var size: Int64 = 0

    /// A new empty file in `folder`.
    init(folder: String) throws {
        path = folder + "/spool-" + UUID().uuidString
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw IngestFailure(.unreadable, "无法创建临时文件 \(path):\(String(cString: strerror(errno)))")
        }
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            guard written > 0 else {
                throw IngestFailure(.unreadable, "写入临时文件失败(磁盘已满?):\(String(cString: strerror(errno)))")
            }
            offset += written
        }
        hasher.update(bytes)
        size += Int64(bytes.count)
    }

    /// Closes the file and hands it over.
    func finish() -> SpooledFile {
        close(descriptor)
        return SpooledFile(path: path, sha256: hasher.finalizeHex(), size: size)
    }

    /// Closes and removes the file (a member that turned out broken).
    func discard() {
        close(descriptor)
        unlink(path)
    }
}
