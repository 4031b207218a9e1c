import Foundation

/// RFC 4180 CSV, as spreadsheet programs write and read it: UTF-8 with a BOM (so Chinese opens
/// correctly), CRLF line ends, quoted fields.
public enum CSV {
    /// One field, quoted when needed. A value that a spreadsheet (Excel, WPS) would run as a
    /// formula — starting with `=`, `+`, `-`, `@`, a tab or a carriage return — gets a leading
    /// apostrophe, so it shows as text (OWASP's advice against CSV injection).
    public static func field(_ value: String) -> String {
        let value = startsLikeFormula(value) && Double(value) == nil ? "'" + value : value
        return value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
            ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }

    /// Rows as a CSV document.
    public static func document(_ rows: [[String]]) -> String {
        "\u{FEFF}" + rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// Parses CSV with or without a BOM, with CRLF, LF or CR line ends; blank lines are dropped.
    public static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = text.hasPrefix("\u{FEFF}") ? Substring(text.dropFirst()) : Substring(text)
        while let character = characters.first {
            characters.removeFirst()
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\n" || character == "\r\n" || character == "\r" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows.filter { !($0.count == 1 && $0[0].isEmpty) }.map { $0.map(restoringFormulaText) }
    }

    private static func startsLikeFormula(_ value: some StringProtocol) -> Bool {
        value.first.map { "=+-@\t\r".contains($0) } ?? false
    }

    /// A field written by `field` as `'=…` reads back as `=…`, so a worksheet round-trips exactly.
    private static func restoringFormulaText(_ value: String) -> String {
        value.hasPrefix("'") && startsLikeFormula(value.dropFirst()) ? String(value.dropFirst()) : value
    }
}

/// Printable pages (A4) for tables of contents, worksheets and reports.
public enum HTML {
    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A complete page; `style` adds CSS rules to the common ones.
    public static func page(title: String, landscape: Bool, style: String = "", body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <title>\(escape(title))</title>
        <style>
        @page { size: A4\(landscape ? " landscape" : ""); margin: 15mm; }
        body { font-family: "Noto Serif CJK SC", "Songti SC", "SimSun", serif; font-size: 10.5pt; }
        h1 { text-align: center; font-size: 16pt; }
        table { width: 100%; border-collapse: collapse; margin: 8px 0; }
        th, td { border: 1px solid #000; padding: 3px 5px; vertical-align: top; }
        th { background: #eee; }
        tr { page-break-inside: avoid; }
        .sign { margin-top: 24px; text-align: right; }
        \(style)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }
}
