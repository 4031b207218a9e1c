import Foundation

/// The SQL engine behind a `Database`: the archive's statements are written once, in the subset
/// both engines share, and these few SQLite spellings are translated for PostgreSQL.
public enum SQLDialect: Sendable {
    case sqlite
    case postgresql

    /// `sql` as this engine reads it. For PostgreSQL:
    /// - `?1`, `?2` … become `$1`, `$2` …, and a bare `?` the next number;
    /// - `INSERT OR IGNORE INTO …` becomes `INSERT INTO … ON CONFLICT DO NOTHING`;
    /// - `instr(a, b)` becomes `strpos(a, b)`; `CAST(… AS REAL)` casts to `double precision`.
    ///
    /// Quoted text (`'…'`, `"…"`) is left as it is. Everything else must be written in the
    /// shared subset; the store's tests run every statement on both engines.
    public func translate(_ sql: String) -> String {
        guard self == .postgresql else { return sql }
        var output = ""
        output.reserveCapacity(sql.utf8.count + 32)
        var scalars = Array(sql.unicodeScalars)[...]
        var nextParameter = 1
        var ignoresConflicts = false
        while let scalar = scalars.first {
            switch scalar {
            case "'", "\"":
                // A quoted run, doubled quotes included, copied as written.
                var end = scalars.index(after: scalars.startIndex)
                while end < scalars.endIndex {
                    if scalars[end] == scalar {
                        let after = scalars.index(after: end)
                        if after < scalars.endIndex, scalars[after] == scalar {
                            end = scalars.index(after: after)
                            continue
                        }
                        break
                    }
                    end = scalars.index(after: end)
                }
                let stop = min(scalars.index(after: end), scalars.endIndex)
                output.unicodeScalars.append(contentsOf: scalars[..<stop])
                scalars = scalars[stop...]
            case "?":
                scalars = scalars.dropFirst()
                let digits = scalars.prefix { $0.properties.numericType != nil && $0.isASCII }
                if digits.isEmpty {
                    output += "$\(nextParameter)"
                    nextParameter += 1
                } else {
                    output += "$" + String(String.UnicodeScalarView(digits))
                    nextParameter = (Int(String(String.UnicodeScalarView(digits))) ?? 0) + 1
                    scalars = scalars.dropFirst(digits.count)
                }
            default:
                let startsWord = output.unicodeScalars.last.map { !($0.properties.isAlphabetic || $0 == "_") } ?? true
                if startsWord, let (replacement, length) = Self.replacement(at: scalars) {
                    if replacement == "INSERT INTO" { ignoresConflicts = true }
                    output += replacement
                    scalars = scalars.dropFirst(length)
                } else {
                    output.unicodeScalars.append(scalar)
                    scalars = scalars.dropFirst()
                }
            }
        }
        if ignoresConflicts {
            while output.last == ";" || output.last?.isWhitespace == true { output.removeLast() }
            output += " ON CONFLICT DO NOTHING"
        }
        return output
    }

    /// `values` as the JSON array `isInJSONArray` and `isInJSONIntegerArray` read from a parameter.
    public static func jsonArray(_ values: some Collection<some Encodable>) throws -> String {
        String(decoding: try JSONEncoder().encode(Array(values)), as: UTF8.self)
    }

    /// The condition that `column` is one of the strings of the JSON array bound to `parameter`
    /// (`?1`), or true when the parameter is NULL: a filter by a list of any length.
    public func isInJSONArray(_ column: String, _ parameter: String) -> String {
        switch self {
        case .sqlite: return "(\(parameter) IS NULL OR \(column) IN (SELECT value FROM json_each(\(parameter))))"
        case .postgresql:
            return "(CAST(\(parameter) AS text) IS NULL OR \(column) IN (SELECT json_array_elements_text(CAST(\(parameter) AS json))))"
        }
    }

    /// The condition that the integer `column` is one of the numbers of the JSON array bound to
    /// `parameter` (`?1`): one statement for a list of ids of any length.
    public func isInJSONIntegerArray(_ column: String, _ parameter: String) -> String {
        switch self {
        case .sqlite: return "\(column) IN (SELECT value FROM json_each(\(parameter)))"
        case .postgresql:
            return "\(column) IN (SELECT CAST(json_array_elements_text(CAST(\(parameter) AS json)) AS bigint))"
        }
    }

    /// SQLite spellings with their PostgreSQL equivalents, matched without regard to case at a
    /// word's start.
    private static let replacements: [(sqlite: String, postgresql: String)] = [
        ("INSERT OR IGNORE INTO", "INSERT INTO"),
        ("instr(", "strpos("),
        ("AS REAL)", "AS double precision)"),
    ]

    private static func replacement(at text: ArraySlice<Unicode.Scalar>) -> (String, Int)? {
        guard let first = text.first, first.properties.isAlphabetic else { return nil }
        for (sqlite, postgresql) in replacements {
            let pattern = Array(sqlite.unicodeScalars)
            guard text.count >= pattern.count else { continue }
            let matches = zip(text.prefix(pattern.count), pattern).allSatisfy { pair in
                String(pair.0).uppercased() == String(pair.1).uppercased()
            }
            if matches { return (postgresql, pattern.count) }
        }
        return nil
    }
}
