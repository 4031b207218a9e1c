import Foundation
@testable import JuanzongIndexer
import Testing

@Suite("File names and leading-byte signatures")
struct PathAndSignatureTests {
    @Test(arguments: [
        "/tmp/c/案卷/01_立案审批表.txt", "a/b/", "/", "", "name", ".hidden", "dir/.hidden", "archive.tar.gz",
        "trailing.", "/x/y.z/file", "bundle.zip", "a//b.TXT",
    ])
    func pathPartsAgreeWithNSString(_ path: String) {
        #expect(PathName.lastComponent(of: path) == (path as NSString).lastPathComponent)
        let name = (path as NSString).lastPathComponent
        #expect(PathName.fileExtension(of: name) == (name as NSString).pathExtension)
        #expect(PathName.deletingExtension(of: name) == (name as NSString).deletingPathExtension)
    }

    @Test func deletingTheLastComponent() {
        #expect(PathName.deletingLastComponent(of: "/tmp/c/file.txt") == "/tmp/c")
        #expect(PathName.deletingLastComponent(of: "/file.txt") == "/")
        #expect(PathName.deletingLastComponent(of: "file.txt") == "")
    }

    @Test func leadingBytesNameTheCommonFormats() {
        func signature(_ text: String) -> String? { FileTypeDetector.knownSignature(Data(text.utf8)) }
        #expect(signature("行政处罚决定书\n当事人:张三") == "text/plain")
        #expect(signature("\u{FEFF}  <!DOCTYPE HTML><html><body>决定书</body></html>") == "text/html")
        #expect(signature("<?xml version=\"1.0\"?>\n<html><body/></html>") == "text/html")
        #expect(signature("<?xml version=\"1.0\"?>\n<Recorder id=\"DSJ-01\"/>") == "text/xml")
        #expect(signature("\u{3000}{\"device_id\": \"DSJ-01\"}") == "application/json")
        #expect(signature("%PDF-1.7\n") == "application/pdf")
        #expect(FileTypeDetector.knownSignature(Data([0xB0, 0xB8, 0xBE, 0xED])) == nil)  // GB18030 案卷: not UTF-8
        #expect(FileTypeDetector.knownSignature(Data()) == nil)
        // A character cut at the end of the head is not a decoding error.
        let cut = Data("决定书".utf8).prefix(8)
        #expect(FileTypeDetector.knownSignature(cut) == "text/plain")
    }
}
