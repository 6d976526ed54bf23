// swift-tools-version: 6.1
import PackageDescription

/// Dossier's libFuzzer targets, each a static library that `Fuzz/run` links with
/// `swiftc -sanitize=fuzzer,address`.
///
/// Why libraries and not executables: libFuzzer's runtime brings its own `main`, which an
/// executable linked by SwiftPM would replace with the target's entry point (SwiftPM renames
/// `<module>_main` back to `main` at link time), so the fuzzer would never start. A static
/// library defining only `LLVMFuzzerTestOneInput`, linked by hand, gets libFuzzer's `main`.
let package = Package(
    name: "DossierFuzz",
    products: [
        .library(name: "FuzzWorkflow", type: .static, targets: ["FuzzWorkflow"]),
        .library(name: "FuzzCalendar", type: .static, targets: ["FuzzCalendar"]),
        .library(name: "FuzzArchiveNumber", type: .static, targets: ["FuzzArchiveNumber"]),
        .library(name: "FuzzDeadline", type: .static, targets: ["FuzzDeadline"]),
        .library(name: "FuzzFieldValue", type: .static, targets: ["FuzzFieldValue"]),
        .library(name: "FuzzRequestBody", type: .static, targets: ["FuzzRequestBody"]),
    ],
    dependencies: [
        .package(name: "Dossier", path: ".."),
    ],
    targets: [
        .target(name: "FuzzSupport", dependencies: [
            .product(name: "DossierDefinition", package: "Dossier"),
            .product(name: "DossierEngine", package: "Dossier"),
        ]),
        .target(name: "FuzzWorkflow", dependencies: ["FuzzSupport", .product(name: "DossierXML", package: "Dossier")]),
        .target(name: "FuzzCalendar", dependencies: ["FuzzSupport", .product(name: "DossierXML", package: "Dossier")]),
        .target(name: "FuzzArchiveNumber", dependencies: ["FuzzSupport"]),
        .target(name: "FuzzDeadline", dependencies: ["FuzzSupport"]),
        .target(name: "FuzzFieldValue", dependencies: ["FuzzSupport"]),
        .target(name: "FuzzRequestBody", dependencies: [
            "FuzzSupport",
            .product(name: "DossierAPI", package: "Dossier"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
