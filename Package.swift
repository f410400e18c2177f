// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Observatory",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "observatory", targets: ["observatory"]),
    ],
    dependencies: [
        // Subcommands, options and sysexits-style exit codes (the command line only).
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // SHA-256 of the manifests' fingerprints: a maintained, hardware-accelerated implementation.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The zip container of the workbook (tables.xlsx); its SpreadsheetML parts are ours.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // Exact fractions for the Egapro index: its sums of pay gaps have denominators no
        // fixed-width integer holds (issue 12).
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
    ],
    targets: [
        // libcsv (Debian libcsv-dev) as a Swift module. Debian ships no .pc file, so no pkgConfig.
        .systemLibrary(name: "CLibCSV", providers: [.apt(["libcsv-dev"])]),
        // GLPK (Debian libglpk-dev), the LP solver of the disclosure audit, as sdcTable uses; no .pc file either.
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        // The domain vocabulary shared by every stage: members, periods, records, diagnostics.
        // No dependencies, so statistics and reports can use it without seeing a byte of CSV.
        .target(name: "Survey"),
        // Bytes to typed records: the only target that touches libcsv or reads input files.
        // Each input is read once: the same bytes are validated as UTF-8, hashed (Crypto) and parsed.
        .target(name: "Ingestion", dependencies: ["Survey", "CLibCSV", .product(name: "Crypto", package: "swift-crypto")]),
        // Pure functions over decoded records: no libcsv, no file I/O, no clock, no randomness;
        // the disclosure audit (an LP solver, a computation like any other) runs inside it.
        .target(name: "Statistics", dependencies: ["Survey", "DisclosureAudit", "BigInt"]),
        // Tables to bytes: CSV dialects for spreadsheets; and back: an earlier report's series
        // read through Ingestion's libcsv reader (vintages).
        .target(name: "Reporting", dependencies: ["Survey", "Statistics", "Ingestion", "ZIPFoundation"]),
        // The deterministic synthetic sample (`observatory generate`, Datasets/): input files,
        // not reports, so it stands apart from Reporting (whose CSV writer it uses); it writes
        // the headers of Ingestion's schema.
        .target(name: "SampleGenerator", dependencies: ["Survey", "Ingestion", "Reporting"]),
        // Which suppressed cells the published figures still pin down: intervals by linear
        // programming over linked tables, and secondary suppression. The only importer of CGLPK.
        .target(name: "DisclosureAudit", dependencies: ["CGLPK"]),
        // The job pipeline: inputs -> loaded dataset -> tables -> report files (in memory) ->
        // written folder (Pipeline.swift). What a job does lives here, so that tests drive it.
        .target(name: "Jobs", dependencies: ["Survey", "Ingestion", "Statistics", "Reporting"]),
        // The thin command-line shell: parses options, calls Jobs, prints diagnostics and maps
        // outcomes to exit codes (ExitStatus). The only importer of ArgumentParser.
        .executableTarget(
            name: "observatory",
            dependencies: [
                "Survey", "Ingestion", "Statistics", "Reporting", "SampleGenerator", "Jobs",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by the test targets: temporary folders, fixtures, running the binary.
        .target(name: "TestSupport", dependencies: ["Survey"], path: "Sources/TestSupport"),
        .testTarget(
            name: "IngestionTests",
            dependencies: ["Ingestion", "Survey", "TestSupport"],
            resources: [.copy("Corpus"), .copy("Damaged")]
        ),
        // DisclosureAudit: the recovery-attack tests solve the attacker's linear programs themselves.
        .testTarget(
            name: "StatisticsTests",
            dependencies: ["Statistics", "DisclosureAudit", "Survey", "Ingestion", "TestSupport"]
        ),
        .testTarget(name: "DisclosureAuditTests", dependencies: ["DisclosureAudit"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "SampleGenerator", "Ingestion", "Survey", "TestSupport"]),
        // The pipeline through Jobs, and the command line as the real binary (built with the tests).
        .testTarget(
            name: "ObservatoryTests",
            dependencies: ["Jobs", "Ingestion", "Reporting", "Statistics", "Survey", "TestSupport"]
        ),
    ]
)
