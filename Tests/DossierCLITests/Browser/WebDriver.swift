import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A headless Chromium driven through Debian's `chromedriver` by the W3C WebDriver protocol
/// (JSON over HTTP on loopback): open a page, fill and submit its forms, read it back, take a
/// screenshot. Nothing is downloaded: the browser and the driver are the system's.
final class Browser: @unchecked Sendable {
    /// Where Debian installs them.
    static let chromium = "/usr/bin/chromium"
    static let driverPath = "/usr/bin/chromedriver"

    /// Whether this machine has both (CI installs them; see `.ci/run`).
    static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: chromium) && FileManager.default.isExecutableFile(atPath: driverPath)
    }

    private let driver: Process
    private let endpoint: String
    private let session: String

    /// Starts the driver on a free loopback port and a browser of `width`×`height` pixels whose
    /// preferred language is `language`.
    init(width: Int = 1280, height: Int = 800, language: String = "zh-CN") throws {
        let port = try Self.freePort()
        driver = Process()
        driver.executableURL = URL(fileURLWithPath: Self.driverPath)
        driver.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1"]
        driver.standardOutput = FileHandle.nullDevice
        driver.standardError = FileHandle.nullDevice
        try driver.run()
        endpoint = "http://127.0.0.1:\(port)"
        var ready = false
        for _ in 0..<100 where !ready {
            ready = ((try? Self.call("GET", "\(endpoint)/status", nil))?["value"] as? [String: Any])?["ready"] as? Bool ?? false
            if !ready { usleep(100_000) }
        }
        guard ready else {
            kill(driver.processIdentifier, SIGKILL)
            throw FixtureFailure("chromedriver did not become ready on port \(port)")
        }
        let options: [String: Any] = [
            "binary": Self.chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                     "--window-size=\(width),\(height)", "--lang=\(language)", "--force-device-scale-factor=1"],
            "prefs": ["intl.accept_languages": language],
        ]
        let created = try Self.call("POST", "\(endpoint)/session",
                                    ["capabilities": ["alwaysMatch": ["browserName": "chrome", "goog:chromeOptions": options]]])
        guard let value = created["value"] as? [String: Any], let id = value["sessionId"] as? String else {
            kill(driver.processIdentifier, SIGKILL)
            throw FixtureFailure("chromedriver started no browser: \(created)")
        }
        session = id
        // The viewport itself at width×height, whatever the window's frame takes.
        _ = try command("POST", "goog/cdp/execute", ["cmd": "Emulation.setDeviceMetricsOverride",
                                                      "params": ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": false]])
    }

    deinit {
        _ = try? Self.call("DELETE", "\(endpoint)/session/\(session)", nil)
        // chromedriver outlives SIGTERM; its browser is gone with the session.
        kill(driver.processIdentifier, SIGKILL)
        // Process.waitUntilExit can hang on Linux once the child is gone; a short poll will do.
        for _ in 0..<50 where driver.isRunning { usleep(20_000) }
    }

    /// Opens `url` and waits for it to load.
    func open(_ url: String) throws { _ = try command("POST", "url", ["url": url]) }

    /// The address of the page shown.
    func currentURL() throws -> String { try command("GET", "url", nil) as? String ?? "" }

    /// The page's HTML as the browser holds it now.
    func source() throws -> String { try command("GET", "source", nil) as? String ?? "" }

    /// The visible text of the first element matching `selector`.
    func text(_ selector: String) throws -> String {
        try command("GET", "element/\(try element(selector))/text", nil) as? String ?? ""
    }

    /// Whether an element matches `selector`.
    func has(_ selector: String) throws -> Bool {
        let found = try command("POST", "elements", ["using": "css selector", "value": selector]) as? [Any]
        return !(found ?? []).isEmpty
    }

    /// Types `text` into the first element matching `selector`.
    func type(_ text: String, into selector: String) throws {
        _ = try command("POST", "element/\(try element(selector))/value", ["text": text])
    }

    /// Clicks the first element matching `selector`.
    func click(_ selector: String) throws {
        _ = try command("POST", "element/\(try element(selector))/click", [:])
    }

    /// Clicks the button matching `selector` and waits for the page its form leads to (the
    /// address changes, or the same address loads again).
    func submit(_ selector: String) throws {
        let marker = "dossier-test-\(UInt64.random(in: 1 ... .max))"
        try run("document.documentElement.dataset.before = arguments[0]", [marker])
        try click(selector)
        try waitUntil("the page after \(selector)") {
            (try? run("return document.readyState === 'complete' && document.documentElement.dataset.before !== arguments[0]", [marker])) as? Bool ?? false
        }
    }

    /// Waits up to ten seconds for `condition`.
    func waitUntil(_ what: String, _ condition: () throws -> Bool) throws {
        for _ in 0..<200 {
            if try condition() { return }
            usleep(50_000)
        }
        throw FixtureFailure("waited ten seconds for \(what)")
    }

    /// Runs `script` in the page (a function body; `arguments[0]`… are `arguments`) and answers its result.
    @discardableResult
    func run(_ script: String, _ arguments: [Any] = []) throws -> Any? {
        try command("POST", "execute/sync", ["script": script, "args": arguments])
    }

    /// A PNG of the browser's viewport.
    func screenshot() throws -> Data {
        guard let text = try command("GET", "screenshot", nil) as? String, let data = Data(base64Encoded: text) else {
            throw FixtureFailure("the browser returned no screenshot")
        }
        return data
    }

    private func element(_ selector: String) throws -> String {
        let found = try command("POST", "element", ["using": "css selector", "value": selector]) as? [String: Any]
        guard let id = found?.values.first as? String else { throw FixtureFailure("no element matches \(selector)") }
        return id
    }

    /// A command of the session; a WebDriver error becomes a thrown failure with its message.
    private func command(_ method: String, _ path: String, _ body: [String: Any]?) throws -> Any? {
        let answer = try Self.call(method, "\(endpoint)/session/\(session)/\(path)", body)
        if let value = answer["value"] as? [String: Any], let error = value["error"] as? String {
            throw FixtureFailure("WebDriver \(method) \(path): \(error): \(value["message"] as? String ?? "")")
        }
        return answer["value"].flatMap { $0 is NSNull ? nil : $0 }
    }

    /// One WebDriver request, answered as its JSON object. (AsyncHTTPClient: Foundation's
    /// URLSession on Linux cannot read chromedriver's answers.)
    private static func call(_ method: String, _ url: String, _ body: [String: Any]?) throws -> [String: Any] {
        var request = try HTTPClient.Request(url: url, method: HTTPMethod(rawValue: method))
        if let body {
            request.body = .data(try JSONSerialization.data(withJSONObject: body))
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        let response = try HTTPClient.shared.execute(request: request, deadline: NIODeadline.now() + .seconds(60)).wait()
        guard let buffer = response.body, let object = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any] else {
            throw FixtureFailure("WebDriver \(method) \(url) answered no JSON object")
        }
        return object
    }

    /// A loopback port nobody listens on now.
    private static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw FixtureFailure("no socket for a free port") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0 else { throw FixtureFailure("cannot bind a loopback port") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
