// swift-tools-version: 6.0
import PackageDescription

/// Release builds of the modules with per-match and per-document loops skip Swift's run-time
/// exclusivity checks; the compile-time checks stay, and debug builds (which run the tests) keep
/// both. Profiled: in a search walking a million matches the run-time checks (swift_beginAccess
/// on class properties) were over half of the Swift time.
let hotPathSettings: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

// Linux only: the indexer reads with preadv2 (RWF_NOWAIT) and posix_fadvise, and the build links
// Debian's libsqlite3, libarchive, libopencc, libcrypto and libmagic (scripts/setup.sh).
let package = Package(
    name: "juanzong",
    products: [
        .executable(name: "juanzong", targets: ["juanzong"]),
        .library(name: "JuanzongCore", targets: ["JuanzongCore"]),
        .library(name: "JuanzongStore", targets: ["JuanzongStore"]),
        .library(name: "JuanzongIndexer", targets: ["JuanzongIndexer"]),
        .library(name: "JuanzongQuery", targets: ["JuanzongQuery"]),
        .library(name: "JuanzongExport", targets: ["JuanzongExport"]),
        .library(name: "JuanzongEvaluation", targets: ["JuanzongEvaluation"]),
        .library(name: "JuanzongAccess", targets: ["JuanzongAccess"]),
        .library(name: "JuanzongWeb", targets: ["JuanzongWeb"]),
        .library(name: "JuanzongBenchmarks", targets: ["JuanzongBenchmarks"]),
        .library(name: "JuanzongPostgres", targets: ["JuanzongPostgres"]),
        .library(name: "JuanzongPostgresTesting", targets: ["JuanzongPostgresTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // System libraries (Debian packages installed by .ci/run and the README).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "COpenCC", pkgConfig: "opencc", providers: [.apt(["libopencc-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CMagic", pkgConfig: "libmagic", providers: [.apt(["libmagic-dev"])]),
        // libpq, PostgreSQL's own client library (the province-wide archive, docs/scale-out.md).
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // Linux system calls the Glibc module does not import (header only, nothing to link).
        .systemLibrary(name: "CLinux"),

        // Domain vocabulary: identifiers, case numbers, Chinese numerals and dates, text normalization.
        .target(name: "JuanzongCore", dependencies: ["COpenCC", "CCrypto", "CLinux"], swiftSettings: hotPathSettings),
        // The archive: SQLite schema, records, FTS5 tokenizer, content-addressed file store.
        .target(name: "JuanzongStore", dependencies: ["JuanzongCore", "CSQLite", "JuanzongPostgres"], swiftSettings: hotPathSettings),
        // PostgreSQL through libpq: connections, parameterized queries, transactions, SQLSTATE errors.
        .target(name: "JuanzongPostgres", dependencies: ["CLibPQ"]),
        // Real PostgreSQL 15 clusters for tests and benchmarks: initdb, pg_ctl, pg_basebackup replicas, promotion.
        .target(name: "JuanzongPostgresTesting", dependencies: ["JuanzongCore", "JuanzongPostgres", "JuanzongStore"]),
        // The indexer: walk inputs, open containers, extract text, infer, link, write.
        .target(
            name: "JuanzongIndexer",
            dependencies: ["JuanzongCore", "JuanzongStore", "CArchive", "CMagic", "CLinux"],
            path: "Indexer",
            exclude: ["case.schema.json", "README.md"],
            resources: [.copy("OCR/ocr_worker.py")],
            swiftSettings: hotPathSettings
        ),
        // Search and the questions staff ask: query language, ranking, facets, snippets, dossiers, precedent.
        .target(name: "JuanzongQuery", dependencies: ["JuanzongCore", "JuanzongStore"], swiftSettings: hotPathSettings),
        // Reconsideration bundles: BagIt bags written and verified with libarchive, redaction, 卷内目录.
        .target(name: "JuanzongExport", dependencies: ["JuanzongCore", "JuanzongStore", "CArchive"]),
        // Case-file evaluation (案卷评查): reproducible stratified draws, rule checks, working-day calendar.
        .target(name: "JuanzongEvaluation", dependencies: ["JuanzongCore", "JuanzongStore"], resources: [.copy("Resources")]),
        // Who may see what: accounts, roles, password hashing, sessions, masking of personal identifiers.
        .target(name: "JuanzongAccess", dependencies: ["JuanzongCore", "JuanzongStore", "CCrypto"]),
        // Every benchmark and the synthetic corpus they run on; `juanzong bench-*` call into it.
        .target(
            name: "JuanzongBenchmarks",
            dependencies: [
                "JuanzongCore", "JuanzongStore", "JuanzongIndexer", "JuanzongQuery", "JuanzongExport", "JuanzongEvaluation",
                "JuanzongAccess", "JuanzongPostgres", "JuanzongPostgresTesting",
            ],
            resources: [.copy("Resources/render_scans.py")]
        ),
        // The web UI and JSON API (Hummingbird 2): pages, /api/v1, OpenAPI document, audit of every read;
        // the review form reads legal bases as the indexer does.
        .target(
            name: "JuanzongWeb",
            dependencies: [
                "JuanzongCore", "JuanzongStore", "JuanzongIndexer", "JuanzongQuery", "JuanzongExport", "JuanzongEvaluation", "JuanzongAccess",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            resources: [.copy("openapi.json")]
        ),
        .executableTarget(
            name: "juanzong",
            dependencies: [
                "JuanzongCore", "JuanzongStore", "JuanzongIndexer", "JuanzongQuery", "JuanzongExport", "JuanzongEvaluation",
                "JuanzongAccess", "JuanzongWeb", "JuanzongBenchmarks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "JuanzongCoreTests", dependencies: ["JuanzongCore"]),
        .testTarget(
            name: "JuanzongPostgresTests",
            dependencies: [
                "JuanzongPostgres", "JuanzongPostgresTesting", "JuanzongStore", "JuanzongCore", "JuanzongBenchmarks", "JuanzongIndexer",
                "JuanzongQuery",
            ]),
        .testTarget(name: "JuanzongStoreTests", dependencies: ["JuanzongStore", "JuanzongCore"]),
        .testTarget(name: "JuanzongAccessTests", dependencies: ["JuanzongAccess", "JuanzongStore", "JuanzongCore"]),
        .testTarget(
            name: "JuanzongIndexerTests",
            dependencies: ["JuanzongIndexer", "JuanzongStore", "JuanzongCore", "JuanzongBenchmarks", "CArchive"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "JuanzongEvaluationTests",
            dependencies: ["JuanzongEvaluation", "JuanzongIndexer", "JuanzongStore", "JuanzongCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "JuanzongExportTests",
            dependencies: ["JuanzongExport", "JuanzongIndexer", "JuanzongStore", "JuanzongCore"]
        ),
        .testTarget(
            name: "JuanzongWebTests",
            dependencies: [
                "JuanzongWeb", "JuanzongAccess", "JuanzongExport", "JuanzongIndexer", "JuanzongStore", "JuanzongCore", "JuanzongBenchmarks",
                "JuanzongPostgresTesting", "JuanzongQuery",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(
            name: "JuanzongQueryTests",
            dependencies: ["JuanzongQuery", "JuanzongIndexer", "JuanzongStore", "JuanzongCore", "JuanzongBenchmarks"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
