import Foundation

/// `dossier-benchmark`: measures Dossier against a floor tool in the same run.
///
///     DOSSIER_STATIC=1 swift build -c release --static-swift-stdlib --product dossier
///     DOSSIER_STATIC=1 swift build -c release --static-swift-stdlib --product dossier-benchmark
///     .build/release/dossier-benchmark [validate] [store] [tick] [serve] [web] [--runs N] [--tasks N] [--reuse STORE]
///     .build/release/dossier-benchmark serve --database postgres://USER@HOST/EMPTY-DATABASE   (PGPASSWORD in the environment)
///
/// `tick` is the store benchmark's sweep alone (with `DOSSIER_BENCHMARK_KEEP=1`, the kept store
/// can then be ticked again on later days to compare builds). `store --reuse STORE` measures
/// `advance` and `pending` again on a kept store, without the four minutes of building one.
/// `serve` runs `dossier serve` on the store and loads it with 16 clients on loopback; `web`
/// times the "Waiting for me" page beside the JSON API's `pending` for the same rows.
/// `serve --database URL` serves the store from PostgreSQL with one server and then two, beside
/// a `pgbench` floor.
///
/// Each benchmark runs the real release `dossier` binary (process start included) and the floor
/// (`xmllint`) on the same input, alternating, and prints medians and the ratio.
@main
enum DossierBenchmark {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var runs = 7
        if let index = arguments.firstIndex(of: "--runs"), index + 1 < arguments.count, let value = Int(arguments[index + 1]), value > 0 {
            runs = value
            arguments.removeSubrange(index...(index + 1))
        }
        var tasks = 1_000_000
        if let index = arguments.firstIndex(of: "--tasks"), index + 1 < arguments.count, let value = Int(arguments[index + 1]), value > 0 {
            tasks = value
            arguments.removeSubrange(index...(index + 1))
        }
        var reuse: String?
        if let index = arguments.firstIndex(of: "--reuse"), index + 1 < arguments.count {
            reuse = arguments[index + 1]
            arguments.removeSubrange(index...(index + 1))
        }
        var database: String?
        if let index = arguments.firstIndex(of: "--database"), index + 1 < arguments.count {
            database = arguments[index + 1]
            arguments.removeSubrange(index...(index + 1))
        }
        let selected = arguments.isEmpty ? ["validate", "store"] : arguments
        let tools = Toolbox.locate()
        guard let dossier = tools.dossier else {
            fail("cannot find the release dossier binary beside this one; run `swift build -c release` first")
        }
        for name in selected {
            switch name {
            case "validate":
                ValidateBenchmark(dossier: dossier, workflows: tools.workflows, runs: runs).run()
            case "store":
                StoreBenchmark(dossier: dossier, tasks: tasks, runs: runs, reuse: reuse).run()
            case "tick":
                StoreBenchmark(dossier: dossier, tasks: tasks, runs: runs, tickOnly: true).run()
            case "serve":
                if let database {
                    ServeBenchmark(dossier: dossier, tasks: tasks, runs: runs, reuse: reuse).runOnPostgres(database)
                } else {
                    ServeBenchmark(dossier: dossier, tasks: tasks, runs: runs, reuse: reuse).run()
                }
            case "web":
                WebBenchmark(dossier: dossier, tasks: tasks, runs: runs, reuse: reuse).run()
            default:
                fail("unknown benchmark '\(name)'; the benchmarks are: validate, store, tick, serve, web")
            }
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("dossier-benchmark: error: \(message)\n".utf8))
        exit(1)
    }
}

/// Where the binaries and the shipped files are.
struct Toolbox {
    var dossier: String?
    var workflows: String

    static func locate() -> Toolbox {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let dossier = here.appendingPathComponent("dossier").path
        var root = here
        while root.path != "/", !FileManager.default.fileExists(atPath: root.appendingPathComponent("Workflows/schema/workflow.rng").path) {
            root.deleteLastPathComponent()
        }
        return Toolbox(dossier: FileManager.default.isExecutableFile(atPath: dossier) ? dossier : nil,
                       workflows: root.appendingPathComponent("Workflows").path)
    }
}
