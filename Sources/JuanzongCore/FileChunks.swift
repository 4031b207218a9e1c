import Foundation

/// Reads a file in chunks of 1 MiB into one reused buffer: files of any size (media) pass
/// through without being held in memory.
public enum FileChunks {
    public struct Unreadable: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "无法读取 \(path):\(reason)" }
    }

    /// Calls `body` with each chunk of the file at `path`; returns the number of bytes read.
    @discardableResult
    public static func read(_ path: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        guard let handle = fopen(path, "rb") else { throw Unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { fclose(handle) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var total: Int64 = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
            if count == 0 { break }
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
            total += Int64(count)
        }
        guard ferror(handle) == 0 else { throw Unreadable(path: path, reason: String(cString: strerror(errno))) }
        return total
    }
}
