/// Parts of a slash-separated path, as NSString's `lastPathComponent`, `pathExtension` and
/// `deletingPathExtension` give them, on UTF-8 bytes: the walker and the workers ask for them
/// once per file, and NSString's bridging cost more than the rest of the walk.
enum PathName {
    /// The part after the last `/` (the whole path when it has none; trailing slashes ignored).
    static func lastComponent(of path: String) -> String {
        var body = Substring(path)
        while body.utf8.count > 1, body.utf8.last == UInt8(ascii: "/") { body = body.dropLast() }
        guard body.utf8.count > 1, let slash = body.utf8.lastIndex(of: UInt8(ascii: "/")) else { return String(body) }
        return String(body[body.utf8.index(after: slash)...])
    }

    /// The path without its last component (`""` when it has one component only).
    static func deletingLastComponent(of path: String) -> String {
        let bytes = path.utf8
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return slash == bytes.startIndex ? "/" : String(Substring(path[..<slash]))
    }

    /// The extension of the last component without its dot; empty when it has none, and for
    /// names that only start with a dot (`.hidden`) or end in one.
    static func fileExtension(of name: String) -> String {
        guard let dot = extensionDot(in: name) else { return "" }
        return String(name[name.utf8.index(after: dot)...])
    }

    /// `name` without its extension and dot (a final dot goes too, as with NSString).
    static func deletingExtension(of name: String) -> String {
        guard let dot = extensionDot(in: name) else { return name }
        return String(name[..<dot])
    }

    private static func extensionDot(in name: String) -> String.Index? {
        let bytes = name.utf8
        let start = bytes.lastIndex(of: UInt8(ascii: "/")).map(bytes.index(after:)) ?? bytes.startIndex
        guard let dot = bytes[start...].lastIndex(of: UInt8(ascii: ".")), dot != start else { return nil }
        return dot
    }
}
