// swift-tools-version: 6.1
import PackageDescription

/// Dossier: a document-filing workflow engine.
///
/// Data flows one way: XML text → libxml2 document (`DossierXML`) → checked, immutable
/// workflow definition (`DossierDefinition`) → pure engine (`DossierEngine`) → store
/// (`DossierStore`) → command line (`dossier`).
/// `DOSSIER_STATIC=1 swift build -c release --static-swift-stdlib --product dossier` links the
/// binary as it ships for Linux: one static executable, with no shared library to find, load and
/// relocate at each start (libxml2 alone pulls in ICU), about 7 ms a command. libxml2's archive
/// needs its own dependencies named (`pkg-config --static --libs libxml-2.0`). Other builds
/// (debug, tests, a plain `swift build -c release`, macOS) link dynamically.
let staticExecutable: [LinkerSetting] = Context.environment["DOSSIER_STATIC"] == "1" ? [
    .unsafeFlags(["-static-executable",
                  "-Xlinker", "-licui18n", "-Xlinker", "-licuuc", "-Xlinker", "-licudata", "-Xlinker", "-llzma",
                  "-Xlinker", "-lz", "-Xlinker", "-lstdc++", "-Xlinker", "-lm"],
                 .when(platforms: [.linux], configuration: .release)),
] : []

let package = Package(
    name: "Dossier",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "dossier", targets: ["DossierCLI"]),
        .executable(name: "dossier-benchmark", targets: ["DossierBenchmark"]),
        .library(name: "DossierXML", targets: ["DossierXML"]),
        .library(name: "DossierDefinition", targets: ["DossierDefinition"]),
        .library(name: "DossierEngine", targets: ["DossierEngine"]),
        .library(name: "DossierStore", targets: ["DossierStore"]),
        // For the fuzzer of request bodies (Fuzz/), through its `@_spi(Fuzzing)`.
        .library(name: "DossierAPI", targets: ["DossierAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .target(
            name: "DossierXML",
            dependencies: ["CLibXML2"]
        ),
        .target(
            name: "DossierDefinition",
            dependencies: ["DossierXML"]
        ),
        .target(
            name: "DossierEngine",
            dependencies: ["DossierDefinition"]
        ),
        .target(
            name: "DossierStore",
            dependencies: [
                "DossierDefinition",
                "DossierEngine",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "DossierPostgres",
            dependencies: [
                "DossierDefinition",
                "DossierEngine",
                "DossierStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "DossierOffice",
            dependencies: [
                "DossierXML",
                "DossierDefinition",
                "DossierEngine",
                "DossierStore",
                "DossierPostgres",
                "DossierDocuments",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ]
        ),
        .target(
            name: "DossierAPI"
        ),
        .target(
            name: "DossierService",
            dependencies: [
                "DossierAPI",
                "DossierEngine",
                "DossierStore",
                "DossierPostgres",
                "DossierOffice",
                "DossierWeb",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "DossierWeb",
            dependencies: [
                "DossierDefinition",
                "DossierEngine",
                "DossierStore",
                "DossierOffice",
                "DossierDocuments",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .target(
            name: "DossierClient",
            dependencies: [
                "DossierAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "DossierDocuments",
            dependencies: [
                "DossierDefinition",
                "DossierEngine",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "DossierCLI",
            dependencies: [
                "DossierXML",
                "DossierDefinition",
                "DossierEngine",
                "DossierStore",
                "DossierPostgres",
                "DossierOffice",
                "DossierService",
                "DossierClient",
                "DossierAPI",
                "DossierDocuments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            // Every command is a short process: the shipped binary for Linux is one static
            // executable, linked when DOSSIER_STATIC=1 (see "Benchmark" in the README).
            linkerSettings: staticExecutable
        ),
        .executableTarget(
            name: "DossierBenchmark",
            dependencies: ["DossierXML", "DossierDefinition", "DossierEngine", "DossierStore", "DossierPostgres", "DossierOffice", "DossierAPI", "DossierClient",
                           .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio")]
        ),
        .testTarget(
            name: "DossierXMLTests",
            dependencies: ["DossierXML"]
        ),
        .testTarget(
            name: "DossierDefinitionTests",
            dependencies: ["DossierDefinition", "DossierXML"],
            resources: [.copy("Corpus")]
        ),
        .testTarget(
            name: "DossierEngineTests",
            dependencies: ["DossierEngine", "DossierDefinition", "DossierXML"]
        ),
        .testTarget(
            name: "DossierStoreTests",
            dependencies: ["DossierStore", "DossierEngine", "DossierDefinition", "DossierXML", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "DossierStoreContractTests",
            dependencies: ["DossierStore", "DossierPostgres", "DossierEngine", "DossierDefinition", "DossierXML",
                           .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "DossierServiceTests",
            dependencies: [
                "DossierService", "DossierAPI", "DossierOffice", "DossierStore", "DossierEngine",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "DossierWebTests",
            dependencies: ["DossierWeb", "DossierEngine", "DossierDefinition", "DossierOffice", "DossierStore", "DossierXML"]
        ),
        .testTarget(
            name: "DossierCLITests",
            dependencies: ["DossierCLI", .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio")],
            exclude: ["Fixtures", "Golden", "SharedStore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
