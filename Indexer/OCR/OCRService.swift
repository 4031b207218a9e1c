import Foundation
import JuanzongCore

/// The text of one page as an OCR engine read it.
public struct RecognizedPage: Sendable, Codable {
    public var text: String
    /// Mean confidence of the page's characters (0–1); nil when the engine gives none.
    public var confidence: Double?
    /// Degrees the page was turned back by before it was read (0, 90, 180, 270).
    public var rotation: Int
    public var engine: OCREngine
}

/// The engines juanzong reads scans with.
public enum OCREngine: String, Sendable, Codable {
    /// PP-OCRv4, the open PaddleOCR models, through ONNX Runtime (PyPI `rapidocr-onnxruntime`).
    case ppOCR = "pp-ocrv4"
    /// tesseract with `chi_sim`, from Debian's packages: the fallback.
    case tesseract

    public var chineseName: String {
        switch self {
        case .ppOCR: return "PP-OCRv4(ONNX Runtime)"
        case .tesseract: return "tesseract chi_sim"
        }
    }
}

/// Reads page images for one ingest run: with PP-OCRv4 workers (one Python process per core,
/// each with one ONNX thread, started at the first scan and kept for the run) when the
/// project's set-up installed them, else with tesseract. Pages of one document are read in
/// parallel, one per worker.
public final class OCRService: @unchecked Sendable {
    /// The Python of the OCR environment `scripts/setup.sh` makes: `$JUANZONG_OCR_PYTHON`, else
    /// `$JUANZONG_OCR_HOME/bin/python`, else `~/.local/share/juanzong/ocr/bin/python`.
    public static var pythonPath: String {
        let environment = ProcessInfo.processInfo.environment
        if let python = environment["JUANZONG_OCR_PYTHON"] { return python }
        let home = environment["JUANZONG_OCR_HOME"] ?? (NSHomeDirectory() + "/.local/share/juanzong/ocr")
        return home + "/bin/python"
    }

    /// The worker script, a resource of this module.
    static var workerScript: String? { Bundle.module.path(forResource: "ocr_worker", ofType: "py") }

    private let python: String
    private let workerCount: Int
    private let lock = NSCondition()
    private var idle: [PPOCRWorker] = []
    private var started = 0
    private var unavailableReason: String?

    /// `python` nil: PP-OCR is not used (tesseract only).
    public init(python: String? = OCRService.pythonPath, workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        workerCount = max(1, workers)
        self.python = python ?? ""
        if python == nil {
            unavailableReason = "已指定只用 tesseract"
        } else if !FileManager.default.isExecutableFile(atPath: self.python) {
            unavailableReason = "未安装 PP-OCR 环境(\(self.python)),请运行 scripts/setup.sh"
        } else if Self.workerScript == nil {
            unavailableReason = "缺少随程序提供的 ocr_worker.py(请从构建目录运行 juanzong)"
        }
    }

    /// The engine pages are read with now, and why not PP-OCR when it is not.
    public var engine: (OCREngine, reason: String?) {
        lock.lock()
        defer { lock.unlock() }
        return unavailableReason == nil ? (.ppOCR, nil) : (.tesseract, unavailableReason)
    }

    /// Reads the page images at `paths`, in parallel; results in the same order (a multi-page
    /// TIFF gives all its pages in its place).
    public func recognize(_ paths: [String]) throws -> [RecognizedPage] {
        let results = ConcurrentResults<[RecognizedPage]>(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            results.store(Result { try recognize(imageAt: paths[index]) }, at: index)
        }
        return try results.all.flatMap { try $0.get() }
    }

    /// Reads the pages of one image file; tesseract reads a multi-page TIFF as one page of text.
    func recognize(imageAt path: String) throws -> [RecognizedPage] {
        if let worker = checkOut() {
            defer { checkIn(worker) }
            do {
                return try worker.read(path)
            } catch let failure as PPOCRWorker.Failure {
                markUnavailable("PP-OCR 进程出错:\(failure.reason)")
            }
        }
        return [try Self.tesseract(path)]
    }

    /// A free worker (started when fewer than `workerCount` run), or nil when PP-OCR is not available.
    private func checkOut() -> PPOCRWorker? {
        lock.lock()
        defer { lock.unlock() }
        while unavailableReason == nil {
            if let worker = idle.popLast() { return worker }
            if started < workerCount {
                started += 1
                lock.unlock()
                let worker = Result { try PPOCRWorker(python: python, script: Self.workerScript ?? "") }
                lock.lock()
                switch worker {
                case .success(let worker): return worker
                case .failure(let error):
                    started -= 1
                    unavailableReason = "PP-OCR 无法启动:\((error as? PPOCRWorker.Failure)?.reason ?? "\(error)")"
                    lock.broadcast()
                    return nil
                }
            }
            lock.wait()
        }
        return nil
    }

    private func checkIn(_ worker: PPOCRWorker) {
        lock.lock()
        if unavailableReason == nil { idle.append(worker) } else { worker.stop() }
        lock.broadcast()
        lock.unlock()
    }

    private func markUnavailable(_ reason: String) {
        lock.lock()
        if unavailableReason == nil { unavailableReason = reason }
        idle.forEach { $0.stop() }
        idle.removeAll()
        lock.broadcast()
        lock.unlock()
    }

    /// Stops the workers (at the end of a run).
    public func stop() {
        lock.lock()
        idle.forEach { $0.stop() }
        idle.removeAll()
        lock.unlock()
    }

    /// tesseract chi_sim on one page; tesseract separates CJK characters with spaces, joined back.
    static func tesseract(_ path: String) throws -> RecognizedPage {
        let output = try ProcessRunner.run("tesseract", [path, "stdout", "-l", "chi_sim", "--psm", "6"], timeout: 600)
        guard output.status == 0 else {
            throw IngestFailure(.corrupt, "文字识别失败:\(output.stderr.split(separator: "\n").last ?? "")")
        }
        let text = HTMLText.tidyLines(joinCJKSpacing(String(decoding: output.stdout, as: UTF8.self)))
        return RecognizedPage(text: text, confidence: nil, rotation: 0, engine: .tesseract)
    }

    static func joinCJKSpacing(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == " ", index > 0, index + 1 < scalars.count,
                scalars[index - 1].value >= 0x2E80, scalars[index + 1].value >= 0x2E80
            {
                continue
            }
            result.append(scalar)
        }
        return String(result)
    }
}

/// One PP-OCR worker process (`ocr_worker.py`): a request line in, an answer line out.
final class PPOCRWorker: @unchecked Sendable {
    struct Failure: Error {
        let reason: String
    }

    private let process: ChildProcess
    private let input: FileHandle
    private let output: FileHandle
    private var buffer = Data()

    init(python: String, script: String) throws {
        var environment = ProcessInfo.processInfo.environment
        // One thread per worker: juanzong runs one worker per core.
        environment["OMP_NUM_THREADS"] = "1"
        do {
            process = try ChildProcess(python, [script], environment: environment, input: .pipe, output: .pipe)
        } catch {
            throw Failure(reason: "无法运行 \(python):\(error)")
        }
        input = process.input!
        output = process.output!
        guard let ready = try readLine(), ready.contains("\"ready\"") else {
            stop()
            throw Failure(reason: "OCR 进程未就绪(缺少 rapidocr-onnxruntime?请运行 scripts/setup.sh)")
        }
    }

    func read(_ path: String) throws -> [RecognizedPage] {
        let request = try JSONSerialization.data(withJSONObject: ["image": path]) + Data("\n".utf8)
        do {
            try input.write(contentsOf: request)
        } catch {
            throw Failure(reason: "OCR 进程已退出")
        }
        guard let line = try readLine(),
            let answer = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { throw Failure(reason: "OCR 进程已退出") }
        if let error = answer["error"] as? String { throw IngestFailure(.corrupt, "文字识别失败:\(error)") }
        return (answer["pages"] as? [[String: Any]] ?? []).map { page in
            RecognizedPage(
                text: page["text"] as? String ?? "", confidence: page["confidence"] as? Double,
                rotation: page["rotation"] as? Int ?? 0, engine: .ppOCR)
        }
    }

    /// The next line the worker wrote; nil at its end.
    private func readLine() throws -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                return line
            }
            let chunk = output.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }

    func stop() {
        try? input.close()
        process.terminate()
        process.wait()
    }
}
