import AsyncHTTPClient
import DossierClient
import Foundation
import NIOCore

/// "Waiting for me" on the million-task store: alice, with 2,000 open tasks of one role, asks
/// for the page of that role (the page lists 50 of them, having worked out all 2,000) and, in
/// the same run, alternating, the JSON API's `pending` for the same rows; the server's time for
/// each, seen from one keep-alive client on loopback, p50 and p99.
struct WebBenchmark {
    var dossier: String
    var tasks: Int
    var runs: Int
    var reuse: String?

    func run() {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-web-bench-\(ProcessInfo.processInfo.processIdentifier)")
        defer {
            if reuse == nil, ProcessInfo.processInfo.environment["DOSSIER_BENCHMARK_KEEP"] == nil {
                try? FileManager.default.removeItem(at: folder)
            } else if reuse == nil {
                print("  store kept in \(folder.path)")
            }
        }
        let store = ServeBenchmark(dossier: dossier, tasks: tasks, runs: runs, reuse: reuse).prepareStore(in: folder)
        sync()
        let server = ServerProcess.start(dossier: dossier, store: store)
        defer { server.stop() }
        let url = server.url
        let requests = max(runs * 10, 50)
        let result = ServeBenchmark.wait {
            let token = try await ServerClient(server: url, token: nil).logIn(user: "alice", password: ServeBenchmark.password).token
            let api = ServerClient(server: url, token: token)
            var page: [Double] = [], json: [Double] = []
            var rows = 0
            // One of each first, untimed: the server's first request compiles the engines.
            _ = try await api.fetch("/pending?role=r0&user=alice")
            _ = try await Self.page(url + "/waiting?role=r0", session: token)
            for run in 0..<requests {
                let role = "r\((run * 37) % StoreBenchmark.roles)"
                let jsonStart = ContinuousClock.now
                let answer = try await api.fetch("/pending?role=\(role)&user=alice")
                json.append(ServeBenchmark.seconds(ContinuousClock.now - jsonStart))
                rows = max(rows, String(decoding: answer, as: UTF8.self).components(separatedBy: "\"dossier\":").count - 1)
                let pageStart = ContinuousClock.now
                let html = try await Self.page(url + "/waiting?role=\(role)", session: token)
                page.append(ServeBenchmark.seconds(ContinuousClock.now - pageStart))
                guard html.contains("<table class=\"list\">") else { throw BenchmarkFailure("the page listed nothing for \(role)") }
            }
            return (page, json, rows)
        }
        guard case .success(let (page, json, rows)) = result else {
            if case .failure(let error) = result { DossierBenchmark.fail("a request to the server failed: \(error)") }
            DossierBenchmark.fail("the load ended without a result")
        }
        let (pageMedian, jsonMedian) = (ServeBenchmark.percentile(page, 0.5), ServeBenchmark.percentile(json, 0.5))
        print("web: Waiting for me for alice, one role's \(rows.formatted()) open tasks each time, \(requests) requests each, alternating")
        print("  GET /waiting?role=R (HTML, 50 to a page): p50 \(ServeBenchmark.ms(pageMedian)), p99 \(ServeBenchmark.ms(ServeBenchmark.percentile(page, 0.99))) (target p99 ≤ 100 ms)")
        print("  GET /api/v1/pending?role=R&user=alice (JSON, all rows): p50 \(ServeBenchmark.ms(jsonMedian)), p99 \(ServeBenchmark.ms(ServeBenchmark.percentile(json, 0.99)))")
        print("  ratio \(String(format: "%.2f", pageMedian / jsonMedian))× (target ≤ 1.5×)")
    }

    /// The page at `url` with the session cookie, as a browser asks for it.
    static func page(_ url: String, session: String) async throws -> String {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Cookie", value: "dossier_session=\(session)")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        guard response.status == .ok else { throw BenchmarkFailure("\(url) answered \(response.status)") }
        return String(buffer: try await response.body.collect(upTo: 16 << 20))
    }
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
