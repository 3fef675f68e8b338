// swift-tools-version:6.0
// jmr-apply: a declarative reconciler for JD MapReduce scheduling plans.
//
// The targets follow the pipeline: YAML -> PlanConfig -> PlanDiff (with PlanState)
// -> PlanApply (with JMRAPI) -> JMRApplyCLI -> jmr-apply. No stage imports a later one.
import PackageDescription

let package = Package(
    name: "jmr-apply",
    products: [
        .executable(name: "jmr-apply", targets: ["jmr-apply"]),
        .executable(name: "jmr-sim", targets: ["jmr-sim"]),
    ],
    targets: [
        // C system libraries. Each is imported by exactly one Swift module.
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),

        // Stage 1: YAML events -> nodes with marks and limits (only importer of CYAML).
        .target(name: "YAML", dependencies: ["CYAML"]),
        // Quartz cron expressions: parsing and fire-time evaluation.
        .target(name: "QuartzCron"),
        // Stage 2: the plans.yaml model and loader, with positioned diagnostics.
        .target(name: "PlanConfig", dependencies: ["YAML", "QuartzCron"]),
        // SHA-256 and HMAC over libcrypto (only importer of CCrypto).
        .target(name: "Crypto", dependencies: ["CCrypto"]),
        // Stage 3: recorded state and the StateStore protocol, with the local file store.
        .target(name: "PlanState", dependencies: ["PlanConfig", "Crypto"]),
        // Stage 4: desired plans vs state -> changes.
        .target(name: "PlanDiff", dependencies: ["PlanConfig", "PlanState", "QuartzCron"]),
        // JD Cloud request signing (JDCLOUD3-HMAC-SHA256), shared by client and simulator.
        .target(name: "JDCloudAuth", dependencies: ["Crypto"]),
        // The JMR API client: wire models, transport, retries, typed calls.
        .target(name: "JMRAPI", dependencies: ["JDCloudAuth"]),
        // Stage 5: apply changes through the API, persisting state after each one.
        .target(name: "PlanApply", dependencies: ["PlanDiff", "PlanState", "JMRAPI"]),
        // The shared PostgreSQL state store (only importer of CPostgres).
        .target(name: "PostgresState", dependencies: ["PlanState", "CPostgres"]),
        // jmr-sim: a local JMR API for tests, demos and CI rehearsal.
        .target(name: "JMRSim", dependencies: ["JDCloudAuth", "QuartzCron"]),
        // Stage 6: argument parsing, commands and renderers.
        .target(
            name: "JMRApplyCLI",
            dependencies: ["PlanConfig", "PlanState", "PlanDiff", "PlanApply", "JMRAPI", "PostgresState", "QuartzCron"]
        ),
        .executableTarget(name: "jmr-apply", dependencies: ["JMRApplyCLI"]),
        .executableTarget(name: "jmr-sim", dependencies: ["JMRSim"]),

        .testTarget(name: "YAMLTests", dependencies: ["YAML"]),
        .testTarget(name: "QuartzCronTests", dependencies: ["QuartzCron"]),
        .testTarget(name: "PlanConfigTests", dependencies: ["PlanConfig"]),
        .testTarget(name: "PlanStateTests", dependencies: ["PlanState", "PlanConfig"]),
        .testTarget(name: "PlanDiffTests", dependencies: ["PlanDiff", "PlanState", "PlanConfig"]),
        .testTarget(name: "JMRAPITests", dependencies: ["JMRAPI", "JDCloudAuth", "Crypto", "JMRSim"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PlanApplyTests", dependencies: ["PlanApply", "PlanDiff", "PlanState", "PlanConfig", "JMRAPI"]),
        .testTarget(name: "JMRSimTests", dependencies: ["JMRSim", "JMRAPI", "JDCloudAuth"]),
        .testTarget(name: "PostgresStateTests", dependencies: ["PostgresState", "PlanState"]),
        .testTarget(name: "EndToEndTests", dependencies: ["JMRAPI"], resources: [.copy("Fixtures")]),
    ]
)
