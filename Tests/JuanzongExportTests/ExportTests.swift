import Foundation
import JuanzongCore
@testable import JuanzongExport
import JuanzongIndexer
import JuanzongStore
import Testing

/// A real archive: SampleCases plus a case written here whose file names another person (a
/// subject of SampleCases), a third person's identity number and phone, and a confidential document.
final class ExportFixture: @unchecked Sendable {
    static let shared: ExportFixture = {
        do { return try ExportFixture() } catch { fatalError("无法建立测试档案库:\(error)") }
    }()

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let caseNumber = "奉环罚〔2024〕第0099号"
    static let applicantIdentifier = "91310120MA1J8N2P44"
    /// Values the applicant's copy must not contain.
    static let privateValues = ["张强", "李娜", "110101199003077578", "13812345678", "举报人身份信息"]

    let root: URL
    let archive: ArchiveLocation

    private init() throws {
        setlocale(LC_ALL, "C.UTF-8")
        root = FileManager.default.temporaryDirectory.appendingPathComponent("juanzong-export-\(UUID().uuidString)")
        let folder = root.appendingPathComponent("input/复议案件")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("音像"), withIntermediateDirectories: true)
        let manifest = """
            {"schema": "juanzong-case/1", "case_number": "\(Self.caseNumber)", "agency": "上海市奉贤区生态环境局",
             "case_type": "行政处罚", "procedure": "普通", "dates": {"filed": "2024-03-01", "decided": "2024-04-15"},
             "penalty": {"kinds": ["罚款"], "amount_yuan": 80000},
             "subject": {"kind": "enterprise", "name": "上海绿源印务有限公司", "identifier": "\(Self.applicantIdentifier)"},
             "documents": [
               {"file": "询问笔录.txt", "type": "询问笔录"},
               {"file": "举报材料.txt", "type": "其他", "title": "举报材料", "confidential": true},
               {"file": "决定书.txt", "type": "处罚决定书", "title": "行政处罚决定书"}],
             "av_records": [{"file": "音像/现场.wav", "device_id": "DSJ-01", "officer_id": "31120009",
               "start": "2024-03-01T09:00:00+08:00", "category": "调查取证"}]}
            """
        try Data(manifest.utf8).write(to: folder.appendingPathComponent("case.json"))
        try Data("询问笔录\n被询问人:张强,身份证号 110101199003077578,电话 13812345678。\n在场人:李娜。\n当事人上海绿源印务有限公司(统一社会信用代码 \(Self.applicantIdentifier))。\n".utf8)
            .write(to: folder.appendingPathComponent("询问笔录.txt"))
        try Data("举报材料\n举报人身份信息:王某,住址略。\n".utf8).write(to: folder.appendingPathComponent("举报材料.txt"))
        try Data("行政处罚决定书\n案号:\(Self.caseNumber)\n当事人:上海绿源印务有限公司\n统一社会信用代码:\(Self.applicantIdentifier)\n决定罚款人民币捌万元。\n".utf8)
            .write(to: folder.appendingPathComponent("决定书.txt"))
        try Self.wave(seconds: 2).write(to: folder.appendingPathComponent("音像/现场.wav"))
        archive = ArchiveLocation(path: root.appendingPathComponent("archive").path)
        _ = try Ingestor(archive: archive, options: IngestOptions())
            .run([Self.packageRoot.appendingPathComponent("SampleCases").path, root.appendingPathComponent("input").path])
    }

    /// A PCM WAV file (8 kHz, 8-bit, mono) of a rising tone, unlike any media in SampleCases.
    static func wave(seconds: Int) -> Data {
        let samples = 8_000 * seconds
        var data = Data("RIFF".utf8)
        func append32(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { data.append(contentsOf: $0) } }
        func append16(_ value: Int) { withUnsafeBytes(of: UInt16(value).littleEndian) { data.append(contentsOf: $0) } }
        append32(36 + samples)
        data.append(contentsOf: Array("WAVEfmt ".utf8))
        append32(16)
        append16(1)
        append16(1)
        append32(8_000)
        append32(8_000)
        append16(1)
        append16(8)
        data.append(contentsOf: Array("data".utf8))
        append32(samples)
        data.append(contentsOf: (0..<samples).map { UInt8(truncatingIfNeeded: 128 + Int(100 * sin(Double($0 * ($0 / 800 + 3)) / 40))) })
        return data
    }

    func export(_ name: String, format: BagWriter.Format = .zip, redact: Bool = false, media: Bool = true) throws -> (URL, Exporter.Summary) {
        let (database, objects) = try archive.openForWriting()
        let output = root.appendingPathComponent(name)
        let summary = try Exporter(database: database, objects: objects)
            .export(.caseNumber(Self.caseNumber), options: .init(redact: redact, includeMedia: media), format: format, to: output)
        return (output, summary)
    }

    /// Unpacks `bundle` with bsdtar (or unzip) into a new folder; returns the bag's folder.
    func unpack(_ bundle: URL, with tool: String = "bsdtar") throws -> URL {
        let target = root.appendingPathComponent("unpacked-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let arguments = tool == "unzip" ? ["unzip", "-q", bundle.path, "-d", target.path] : ["bsdtar", "-xf", bundle.path, "-C", target.path]
        let (status, output) = try run(arguments)
        #expect(status == 0, "\(tool): \(output)")
        let top = try FileManager.default.contentsOfDirectory(atPath: target.path)
        return target.appendingPathComponent(top[0])
    }
}

/// Runs a program; returns its exit status and its output (stdout and stderr).
func run(_ arguments: [String], environment: [String: String]? = nil) throws -> (Int32, String) {
    var env = ProcessInfo.processInfo.environment
    env["LC_ALL"] = "C.UTF-8"
    environment?.forEach { env[$0.key] = $0.value }
    let result = try ChildProcess.run(arguments[0], Array(arguments.dropFirst()), environment: env)
    return (result.status, String(decoding: result.output + result.errorOutput, as: UTF8.self))
}

/// Validates a bag folder with the Library of Congress's bagit-python.
func bagitPythonValidates(_ folder: URL) throws -> (Bool, String) {
    let (status, output) = try run(["python3", "-c", "import bagit, sys; bagit.Bag(sys.argv[1]).validate(); print('valid')", folder.path])
    return (status == 0 && output.contains("valid"), output)
}

@Suite("Reconsideration bundles: BagIt export and verify", .serialized)
struct ExportTests {
    let fixture = ExportFixture.shared

    @Test func bagsMadeHereValidateWithBagitPython() throws {
        for format in BagWriter.Format.allCases {
            let (bundle, summary) = try fixture.export("plain.\(format.rawValue)", format: format)
            #expect(summary.payloadFiles >= 6)
            #expect(try BagVerifier().verify(bundle.path).problems == [])
            let folder = try fixture.unpack(bundle)
            let (valid, output) = try bagitPythonValidates(folder)
            #expect(valid, "bagit-python: \(output)")
            // Case-file order, numbered, original formats; AV metadata and the media itself.
            let data = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("data").path).sorted()
            #expect(data.contains("01-询问笔录.txt") && data.contains("03-处罚决定书-行政处罚决定书.txt"))
            #expect(data.contains("卷内目录.html") && data.contains("卷内目录.csv"))
            let av = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("data/音像记录").path)
            #expect(av.contains { $0.hasSuffix(".json") } && av.contains { $0.hasSuffix("现场.wav") })
            let info = try String(contentsOf: folder.appendingPathComponent("bag-info.txt"), encoding: .utf8)
            #expect(info.contains("Source-Organization: 上海市奉贤区生态环境局"))
            #expect(info.contains("External-Identifier: \(ExportFixture.caseNumber)"))
            #expect(info.contains("Payload-Oxum: \(summary.payloadBytes).\(summary.payloadFiles)"))
        }
    }

    @Test func chineseNamesOpenWithUnzipAndBsdtar() throws {
        let (zip, _) = try fixture.export("names.zip")
        let (status, listing) = try run(["unzip", "-l", zip.path])
        #expect(status == 0 && listing.contains("卷内目录.html") && listing.contains("询问笔录"))
        let (tarStatus, tarListing) = try run(["bsdtar", "-tf", zip.path])
        #expect(tarStatus == 0 && tarListing.contains(ExportFixture.caseNumber))
        let folder = try fixture.unpack(zip, with: "unzip")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("data/01-询问笔录.txt").path))
    }

    @Test func bagsMadeByBagitPythonVerifyHere() throws {
        let folder = fixture.root.appendingPathComponent("python-bag-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("材料"), withIntermediateDirectories: true)
        try Data("送达回证\n".utf8).write(to: folder.appendingPathComponent("材料/送达回证.txt"))
        try Data(repeating: 7, count: 100_000).write(to: folder.appendingPathComponent("录像.bin"))
        let (status, output) = try run([
            "python3", "-c", "import bagit, sys; bagit.make_bag(sys.argv[1], {'Source-Organization': '测试'}, checksums=['sha256', 'md5'])",
            folder.path,
        ])
        #expect(status == 0, "\(output)")
        #expect(try BagVerifier().verify(folder.path).problems == [])
        let tarball = fixture.root.appendingPathComponent("python-bag.tar.gz")
        _ = try run(["bsdtar", "-czf", tarball.path, "-C", folder.deletingLastPathComponent().path, folder.lastPathComponent])
        let report = try BagVerifier().verify(tarball.path)
        #expect(report.problems == [] && report.payloadFiles == 2 && report.algorithms == ["md5", "sha256"])
    }

    @Test func exportingTwiceGivesIdenticalBytes() throws {
        for format in BagWriter.Format.allCases {
            let (first, one) = try fixture.export("once.\(format.rawValue)", format: format)
            let (second, two) = try fixture.export("twice.\(format.rawValue)", format: format)
            #expect(try Data(contentsOf: first) == Data(contentsOf: second), "\(format)")
            #expect(one.sha256 == two.sha256)
        }
    }

    @Test func redactedCopyHoldsNoMaskedValueAndListsWithheldDocuments() throws {
        let (bundle, summary) = try fixture.export("redacted.zip", redact: true)
        #expect(summary.redacted && summary.withheld >= 2)
        let folder = try fixture.unpack(bundle)
        #expect(try bagitPythonValidates(folder).0)
        var texts: [String] = []
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)!
        for case let url as URL in walker where !url.hasDirectoryPath {
            texts.append(String(decoding: try Data(contentsOf: url), as: UTF8.self) + "\n" + url.path)
        }
        #expect(texts.count >= 8)
        for value in ExportFixture.privateValues {
            #expect(!texts.contains { $0.contains(value) }, "脱敏副本中仍有:\(value)")
        }
        // The applicant's own identifier stays; the masks are there; the withheld items are listed with the reason.
        #expect(texts.contains { $0.contains(ExportFixture.applicantIdentifier) })
        #expect(texts.contains { $0.contains("张*") && $0.contains("110101***********8") && $0.contains("138****5678") })
        let contents = try String(contentsOf: folder.appendingPathComponent("data/卷内目录.csv"), encoding: .utf8)
        #expect(contents.contains("未提供:涉及国家秘密、商业秘密或他人隐私"))
        #expect(contents.contains("未提供:音像资料"))
        // The plain bundle is not redacted.
        let plain = try fixture.unpack(try fixture.export("unredacted.zip").0)
        let interview = try String(contentsOf: plain.appendingPathComponent("data/01-询问笔录.txt"), encoding: .utf8)
        #expect(interview.contains("110101199003077578") && interview.contains("张强"))
    }

    @Test func tamperingIsDetected() throws {
        let (bundle, _) = try fixture.export("tamper.tar.gz", format: .tarGz)
        // A changed byte.
        let changed = try fixture.unpack(bundle)
        let decision = changed.appendingPathComponent("data/03-处罚决定书-行政处罚决定书.txt")
        var bytes = try Data(contentsOf: decision)
        bytes[bytes.count - 2] ^= 0x01
        try bytes.write(to: decision)
        let changedReport = try BagVerifier().verify(changed.path)
        #expect(changedReport.problems.contains { $0.contains("文件内容与清单不符(sha256)") && $0.contains("03-处罚决定书") })
        #expect(changedReport.problems.contains { $0.contains("sha512") })
        // A missing file.
        let missing = try fixture.unpack(bundle)
        try FileManager.default.removeItem(at: missing.appendingPathComponent("data/01-询问笔录.txt"))
        let missingReport = try BagVerifier().verify(missing.path)
        #expect(missingReport.problems.contains { $0.contains("清单所列文件缺失") && $0.contains("01-询问笔录.txt") })
        #expect(missingReport.problems.contains { $0.contains("Payload-Oxum 不符") })
        // An extra file.
        let extra = try fixture.unpack(bundle)
        try Data("多出来的".utf8).write(to: extra.appendingPathComponent("data/多余.txt"))
        let extraReport = try BagVerifier().verify(extra.path)
        #expect(extraReport.problems.contains { $0.contains("文件未列入清单 manifest-sha256.txt") && $0.contains("多余.txt") })
        // A changed tag file, and something that is not a bag at all.
        let tagged = try fixture.unpack(bundle)
        try Data("Source-Organization: 伪造\n".utf8).write(to: tagged.appendingPathComponent("bag-info.txt"))
        #expect(try BagVerifier().verify(tagged.path).problems.contains { $0.contains("bag-info.txt") })
        #expect(try BagVerifier().verify(fixture.root.appendingPathComponent("input").path).problems == ["缺少 bagit.txt:这不是一个 BagIt 包"])
    }

    @Test func everyExportIsInTheHashChainedAuditLog() throws {
        let (bundle, summary) = try fixture.export("audited.zip")
        let database = try fixture.archive.openForReading()
        let rows = try database.prepare("SELECT action, target, detail, previous_hash, entry_hash, at, actor FROM audit_log ORDER BY id")
            .rows { row in (0..<7).map { row.string(Int32($0)) } }
        let last = try #require(rows.last as [String]?)
        #expect(last[0] == "export" && last[1] == "case:\(ExportFixture.caseNumber)")
        #expect(last[2].contains(summary.sha256))
        #expect(summary.sha256 == MessageDigest.hex(.sha256, of: try Data(contentsOf: bundle)))
        // The chain: each entry's hash covers the previous one.
        var previous = String(repeating: "0", count: 64)
        for row in rows {
            #expect(row[3] == previous)
            #expect(row[4] == AuditLog.entryHash(previous: row[3], at: row[5], actor: row[6], action: row[0], target: row[1], detail: row[2]))
            previous = row[4]
        }
        // Entries cannot be changed or removed.
        let (writable, _) = try fixture.archive.openForWriting()
        #expect(throws: DatabaseError.self) { try writable.execute("UPDATE audit_log SET actor = 'x'") }
        #expect(throws: DatabaseError.self) { try writable.execute("DELETE FROM audit_log") }
    }
}

@Suite("Redaction rules")
struct RedactorTests {
    @Test func masksOthersButNeverTheApplicant() {
        let redactor = Redactor(applicantIdentifier: "91310120MA1J8N2P44", applicantName: "王伟芳", otherPersonNames: ["王伟", "赵小红", "李"])
        let text = "申请人王伟芳(91310120MA1J8N2P44);证人赵小红,身份证 11010119900307757X,电话 13812345678;另见王伟。订单号 2023001。"
        #expect(redactor.redact(text) == "申请人王伟芳(91310120MA1J8N2P44);证人赵**,身份证 110101***********X,电话 138****5678;另见王*。订单号 2023001。")
    }
}

@Suite("Bags at any depth of a bundle")
struct NestedBagTests {
    @Test func aBagInsideAFolderOfATarballVerifies() throws {
        let fixture = ExportFixture.shared
        let (bundle, _) = try fixture.export("nested-source.zip")
        let folder = try fixture.unpack(bundle)
        let outer = fixture.root.appendingPathComponent("outer-\(UUID().uuidString)/复议/材料")
        try FileManager.default.createDirectory(at: outer, withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: folder, to: outer.appendingPathComponent(folder.lastPathComponent))
        let tarball = fixture.root.appendingPathComponent("nested.tar.gz")
        let top = outer.deletingLastPathComponent().deletingLastPathComponent()
        let (status, output) = try run(["bsdtar", "-czf", tarball.path, "-C", top.path, "复议"])
        #expect(status == 0, "\(output)")
        let report = try BagVerifier().verify(tarball.path)
        #expect(report.problems == [] && report.payloadFiles >= 6)
    }
}
