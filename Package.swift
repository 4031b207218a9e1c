// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "juanzong",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "juanzong", targets: ["juanzong"]),
        .library(name: "JuanzongCore", targets: ["JuanzongCore"]),
        .library(name: "JuanzongStore", targets: ["JuanzongStore"]),
        .library(name: "JuanzongIndexer", targets: ["JuanzongIndexer"]),
        .library(name: "JuanzongQuery", targets: ["JuanzongQuery"]),
        .library(name: "JuanzongExport", targets: ["JuanzongExport"]),
        .library(name: "JuanzongEvaluation", targets: ["JuanzongEvaluation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System libraries (Debian packages installed by .ci/run and the README).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "COpenCC", pkgConfig: "opencc", providers: [.apt(["libopencc-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CMagic", pkgConfig: "libmagic", providers: [.apt(["libmagic-dev"])]),

        // Domain vocabulary: identifiers, case numbers, Chinese numerals and dates, text normalization.
        .target(name: "JuanzongCore", dependencies: ["COpenCC", "CCrypto"]),
        // The archive: SQLite schema, records, FTS5 tokenizer, content-addressed file store.
        .target(name: "JuanzongStore", dependencies: ["JuanzongCore", "CSQLite"]),
        // The indexer: walk inputs, open containers, extract text, infer, link, write.
        .target(
            name: "JuanzongIndexer",
            dependencies: ["JuanzongCore", "JuanzongStore", "CArchive", "CMagic"],
            path: "Indexer",
            exclude: ["case.schema.json", "README.md"],
            resources: [.copy("Evaluation")]
        ),
        // Search and the questions staff ask: query language, ranking, facets, snippets, dossiers, precedent.
        .target(name: "JuanzongQuery", dependencies: ["JuanzongCore", "JuanzongStore"]),
        // Reconsideration bundles: BagIt bags written and verified with libarchive, redaction, 卷内目录.
        .target(name: "JuanzongExport", dependencies: ["JuanzongCore", "JuanzongStore", "CArchive"]),
        // Case-file evaluation (案卷评查): reproducible stratified draws, rule checks, working-day calendar.
        .target(name: "JuanzongEvaluation", dependencies: ["JuanzongCore", "JuanzongStore"]),
        .executableTarget(
            name: "juanzong",
            dependencies: [
                "JuanzongCore", "JuanzongStore", "JuanzongIndexer", "JuanzongQuery", "JuanzongExport", "JuanzongEvaluation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "JuanzongCoreTests", dependencies: ["JuanzongCore"]),
        .testTarget(
            name: "JuanzongIndexerTests",
            dependencies: ["JuanzongIndexer", "JuanzongStore", "JuanzongCore", "CArchive"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "JuanzongEvaluationTests",
            dependencies: ["JuanzongEvaluation", "JuanzongIndexer", "JuanzongStore", "JuanzongCore"]
        ),
        .testTarget(
            name: "JuanzongExportTests",
            dependencies: ["JuanzongExport", "JuanzongIndexer", "JuanzongStore", "JuanzongCore"]
        ),
        .testTarget(
            name: "JuanzongQueryTests",
            dependencies: ["JuanzongQuery", "JuanzongIndexer", "JuanzongStore", "JuanzongCore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
