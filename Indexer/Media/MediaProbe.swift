import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Duration, creation time and codec of a media file, read with MediaInfo (libmediainfo's CLI).
struct MediaFacts: Sendable, Codable {
    var durationSeconds: Double?
    var createdAt: String?
    var codec: String?
    var container: String?
}

enum MediaProbe {
    static func probe(path: String) throws -> MediaFacts {
        let output = try ProcessRunner.run("mediainfo", ["--Output=JSON", path], timeout: 60)
        guard output.status == 0,
            let root = try? JSONSerialization.jsonObject(with: output.stdout) as? [String: Any],
            let media = root["media"] as? [String: Any],
            let tracks = media["track"] as? [[String: Any]]
        else { throw IngestFailure(.corrupt, "媒体文件无法解析(mediainfo)") }
        let general = tracks.first { $0["@type"] as? String == "General" } ?? [:]
        let stream = tracks.first { $0["@type"] as? String == "Video" } ?? tracks.first { $0["@type"] as? String == "Audio" }
        guard stream != nil || general["Duration"] != nil else {
            throw IngestFailure(.corrupt, "媒体文件没有音视频轨道,可能已损坏")
        }
        var facts = MediaFacts()
        facts.durationSeconds =
            (general["Duration"] as? String).flatMap(Double.init)
            ?? (stream?["Duration"] as? String).flatMap(Double.init)
        facts.createdAt = (general["Encoded_Date"] as? String ?? general["Tagged_Date"] as? String).map(normalizeUTC)
        facts.codec = stream?["Format"] as? String
        facts.container = general["Format"] as? String
        return facts
    }

    /// MediaInfo writes `2023-02-13 09:30:00 UTC` (older: `UTC 2023-02-13 09:30:00`); return ISO 8601.
    static func normalizeUTC(_ text: String) -> String {
        let stripped = text.replacingOccurrences(of: "UTC", with: "").trimmingCharacters(in: .whitespaces)
        return stripped.replacingOccurrences(of: " ", with: "T") + "Z"
    }
}

/// What a recorder (执法记录仪) workstation exports about a recording, in JSON, XML or CSV.
///
/// Field names vary by vendor; each field accepts several spellings, English and Chinese
/// (`device_id` / `DeviceID` / `设备编号`, …). See `Indexer/README.md`.
struct RecorderSidecar: Sendable {
    var fileName: String?
    var deviceId: String?
    var officerId: String?
    var start: String?
    var end: String?
    var category: String?
    var important: Bool?
    var caseNumber: String?

    static let aliases: [String: [String]] = [
        "file": ["file", "file_name", "filename", "文件名", "文件名称", "媒体文件"],
        "device": ["device_id", "deviceid", "device", "设备编号", "记录仪编号", "设备号"],
        "officer": ["officer_id", "officerid", "police_id", "policeid", "badge", "officer", "执法人员编号", "警号", "执法证号", "人员编号"],
        "start": ["start", "start_time", "starttime", "begin_time", "开始时间", "拍摄开始时间"],
        "end": ["end", "end_time", "endtime", "stop_time", "结束时间", "拍摄结束时间"],
        "category": ["category", "type", "类别", "分类", "记录类别"],
        "important": ["important", "is_important", "重要", "重要标记", "标记"],
        "case": ["case_number", "caseno", "case_no", "案号", "案件编号"],
    ]

    var isMeaningful: Bool { deviceId != nil || officerId != nil || start != nil }

    init(fields: [String: String]) {
        let lowered = Dictionary(
            fields.map { ($0.key.lowercased().trimmingCharacters(in: .whitespaces), $0.value) },
            uniquingKeysWith: { first, _ in first })
        func value(_ key: String) -> String? {
            Self.aliases[key]!.lazy.compactMap { lowered[$0] }.first { !$0.isEmpty }
        }
        fileName = value("file")
        deviceId = value("device")
        officerId = value("officer")
        start = value("start").map(Self.isoTime)
        end = value("end").map(Self.isoTime)
        category = value("category")
        caseNumber = value("case")
        important = value("important").map { ["1", "true", "yes", "是", "重要"].contains($0.lowercased()) }
    }

    /// All recordings described by a sidecar file; empty when the file is not a sidecar.
    static func parse(_ data: Data, format: FileFormat) -> [RecorderSidecar] {
        let records: [[String: String]]
        switch format {
        case .json: records = jsonRecords(data)
        case .xml: records = xmlRecords(data)
        case .csv: records = csvRecords(data)
        default: records = []
        }
        return records.map(RecorderSidecar.init).filter(\.isMeaningful)
    }

    private static func jsonRecords(_ data: Data) -> [[String: String]] {
        guard let object = try? JSONSerialization.jsonObject(with: data) else { return [] }
        let items: [Any]
        if let array = object as? [Any] {
            items = array
        } else if let dictionary = object as? [String: Any] {
            items = (dictionary["records"] as? [Any]) ?? (dictionary["recordings"] as? [Any]) ?? [dictionary]
        } else {
            return []
        }
        return items.compactMap { item in
            (item as? [String: Any]).map {
                $0.compactMapValues { value in
                    if let string = value as? String { return string }
                    if let number = value as? NSNumber { return number.stringValue }
                    return nil
                }
            }
        }
    }

    private static func xmlRecords(_ data: Data) -> [[String: String]] {
        final class Collector: NSObject, XMLParserDelegate {
            var records: [[String: String]] = []
            var current: [String: String] = [:]
            var text = ""
            /// For each open element, whether it has child elements (then it is a record, not a field).
            var hasChildren: [Bool] = []
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]
            ) {
                if !hasChildren.isEmpty { hasChildren[hasChildren.count - 1] = true }
                hasChildren.append(false)
                text = ""
                for (key, value) in attributes { current[key] = value }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                let isRecord = hasChildren.removeLast()
                if isRecord {
                    if !current.isEmpty { records.append(current) }
                    current = [:]
                } else {
                    let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
                    if !value.isEmpty { current[name] = value }
                }
                text = ""
            }
        }
        let collector = Collector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        guard parser.parse() else { return [] }
        if !collector.current.isEmpty { collector.records.append(collector.current) }
        return collector.records
    }

    private static func csvRecords(_ data: Data) -> [[String: String]] {
        guard let text = try? TextDecoding.decode(data).text else { return [] }
        let rows = text.split(whereSeparator: \.isNewline).map(splitCSVLine)
        guard let header = rows.first, rows.count > 1 else { return [] }
        return rows.dropFirst().map { row in
            Dictionary(zip(header, row).map { ($0, $1) }, uniquingKeysWith: { first, _ in first })
        }
    }

    static func splitCSVLine<S: StringProtocol>(_ line: S) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            if quoted {
                if character == "\"" { quoted = false } else { field.append(character) }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        return fields.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// `2023-02-13 09:30:00` or `2023/02/13 09:30:00` to `2023-02-13T09:30:00`.
    static func isoTime(_ text: String) -> String {
        var value = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "/", with: "-")
        if value.count >= 19, value[value.index(value.startIndex, offsetBy: 10)] == " " {
            value.replaceSubrange(value.index(value.startIndex, offsetBy: 10)...value.index(value.startIndex, offsetBy: 10), with: "T")
        }
        return value
    }
}
