import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Reads a file in chunks of 1 MiB into one reused buffer: files of any size (media) pass
/// through without being held in memory.
public enum FileChunks {
    public struct Unreadable: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "无法读取 \(path):\(reason)" }

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// Calls `body` with each chunk of the file at `path`; returns the number of bytes read.
    @discardableResult
    public static func read(_ path: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        return try read(descriptor: descriptor, name: path, body)
    }

    /// Calls `body` with each chunk read from `descriptor` to its end (`name` is for the error).
    @discardableResult
    public static func read(descriptor: Int32, name: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var total: Int64 = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw Unreadable(path: name, reason: String(cString: strerror(errno))) }
            if count == 0 { break }
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
            total += Int64(count)
        }
        return total
    }
}
